//! Criterion benchmarks live in `benches/benches/`; this library reads their results back
//! (for the `bench-report` binary) as operations per second, with the harmonic mixes the
//! peers' figures use; and it makes the users the service benches and the load test store
//! ([`user`], [`bulk_create`]).

mod users;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde_json::Value;

pub use users::{bulk_create, user, user_name};

/// The number in the environment variable `name`, or `default` when it is unset or not a
/// number: how the long-running benches take their sizes (`SCIM_BENCH_…`).
///
/// ```
/// assert_eq!(scim_benches::env_or("SCIM_BENCH_NOT_SET_ANYWHERE", 25), 25);
/// ```
pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Mean operations per second of every benchmark in a criterion output folder, by
/// `group/function`.
///
/// ```no_run
/// let report = scim_benches::Report::read(std::path::Path::new("target/criterion"));
/// println!("{report}");
/// ```
#[derive(Debug, Default)]
pub struct Report {
    rates: BTreeMap<String, f64>,
}

impl Report {
    /// Reads `<dir>/<group>/<function>/new/estimates.json` for every benchmark found.
    pub fn read(dir: &Path) -> Report {
        let mut rates = BTreeMap::new();
        for group in read_dir_names(dir) {
            for function in read_dir_names(&dir.join(&group)) {
                let estimates = dir.join(&group).join(&function).join("new/estimates.json");
                let Ok(text) = std::fs::read_to_string(estimates) else {
                    continue;
                };
                let Ok(json) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                if let Some(nanos) = json["mean"]["point_estimate"].as_f64() {
                    rates.insert(format!("{group}/{function}"), 1e9 / nanos);
                }
            }
        }
        Report { rates }
    }

    /// Whether no benchmark was found.
    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }

    /// The harmonic mix `n / Σ 1/rate_i` of the benchmarks of `group` whose names start with
    /// one of `prefixes`, if all of them were found.
    pub fn harmonic_mix(&self, group: &str, prefixes: &[&str]) -> Option<f64> {
        let rates: Vec<f64> = prefixes
            .iter()
            .map(|prefix| {
                self.rates
                    .iter()
                    .find(|(name, _)| name.starts_with(&format!("{group}/{prefix}")))
                    .map(|(_, rate)| *rate)
            })
            .collect::<Option<_>>()?;
        Some(rates.len() as f64 / rates.iter().map(|r| 1.0 / r).sum::<f64>())
    }

    /// For each group holding both functions `small` and `large`, the rate of `large` over
    /// the rate of `small`: for the service benches (`service_get_by_id/10k` and `/100k`),
    /// about 1 for a request whose cost does not grow with the store, about 0.1 for a scan.
    ///
    /// ```
    /// let report = scim_benches::Report::default();
    /// assert!(report.scaling("10k", "100k").is_empty());
    /// ```
    pub fn scaling(&self, small: &str, large: &str) -> Vec<(String, f64)> {
        let suffix = format!("/{small}");
        self.rates
            .iter()
            .filter_map(|(name, rate)| {
                let group = name.strip_suffix(&suffix)?;
                let other = self.rates.get(&format!("{group}/{large}"))?;
                Some((group.to_owned(), other / rate))
            })
            .collect()
    }
}

fn read_dir_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name != "report")
        .collect();
    names.sort();
    names
}

/// `1.23 M/s`, `456 k/s`.
fn human(rate: f64) -> String {
    if rate >= 1e6 {
        format!("{:.2} M/s", rate / 1e6)
    } else if rate >= 1e3 {
        format!("{:.1} k/s", rate / 1e3)
    } else {
        format!("{rate:.0} /s")
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, rate) in &self.rates {
            writeln!(f, "{name:<50} {:>12}", human(*rate))?;
        }
        let core = [
            "F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09",
        ];
        if let Some(mix) = self.harmonic_mix("filter_parse", &core) {
            writeln!(
                f,
                "{:<50} {:>12}",
                "filter_parse core mix F01-F09 (harmonic)",
                human(mix)
            )?;
        }
        if let Some(mix) = self.harmonic_mix("filter_parse", &["L50_or", "L50_and"]) {
            writeln!(
                f,
                "{:<50} {:>12}",
                "filter_parse L50 chains (harmonic)",
                human(mix)
            )?;
        }
        for (group, ratio) in self.scaling("10k", "100k") {
            writeln!(
                f,
                "{:<50} {:>12}",
                format!("{group}: 100k / 10k"),
                format!("x{ratio:.2}")
            )?;
        }
        Ok(())
    }
}

/// With the `mimalloc` feature, the bench binaries allocate with mimalloc instead of the
/// system allocator, so both can be measured: `cargo bench -p scim-benches --features mimalloc`.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
