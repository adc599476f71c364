//! The recorded Shopify exchanges under `captures/` (see its README: where they come from,
//! their licence), compiled in: the oracle the emulator and the Shopify store's tests are held
//! to. Feature `captures`; the example server goes without.
//!
//! ```
//! use scim_shopify_emulator::captures;
//!
//! let detail = captures::text("harry-test-heelo.myshopify.com/2025-01/customers/customer-detail.json");
//! assert!(detail.contains("customer"));
//! assert!(captures::all().iter().any(|capture| capture.area() == Some("metaobjects")));
//! ```

/// One recorded file: its path under `captures/` and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capture {
    path: &'static str,
    text: &'static str,
}

impl Capture {
    /// The path under `captures/`, with `/` between its parts:
    /// `STORE/VERSION/AREA/NAME.json` for a recorded exchange, `config/…` for the recording
    /// project's specs and documents.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// The file's text.
    pub fn text(&self) -> &'static str {
        self.text
    }

    /// Whether it is a recorded exchange of a store (`STORE/VERSION/AREA/NAME.json`), not one
    /// of the recording project's `config/` files.
    pub fn is_exchange(&self) -> bool {
        !self.path.starts_with("config/") && self.path.ends_with(".json")
    }

    /// The area of a recorded exchange (`customers`, `metaobjects`, `metafields`…).
    pub fn area(&self) -> Option<&'static str> {
        if !self.is_exchange() {
            return None;
        }
        self.path.split('/').nth(2)
    }
}

/// Every file, sorted by path.
pub fn all() -> &'static [Capture] {
    CAPTURES
}

/// The text of the file at `path` under `captures/`.
///
/// # Panics
///
/// There is no such file: a test naming a capture must not pass without it.
pub fn text(path: &str) -> &'static str {
    CAPTURES
        .iter()
        .find(|capture| capture.path == path)
        .unwrap_or_else(|| panic!("no capture at {path}"))
        .text
}

static CAPTURES: &[Capture] = include!(concat!(env!("OUT_DIR"), "/captures.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_listed_once_in_path_order() {
        let paths: Vec<&str> = all().iter().map(Capture::path).collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(paths, sorted);
        assert!(paths.len() >= 170, "{}", paths.len());
        assert!(!paths.iter().any(|path| path.contains('\\')));
    }
}
