//! Prints a `POST /Bulk` body creating users `FROM..TO` of [`scim_benches::user`], for the
//! load test to load a server over HTTP with the same users the service benches store.
//!
//! `cargo run --release -p scim-benches --bin bench-users -- 0 250 | curl --data-binary @- ...`

fn main() {
    let mut args = std::env::args().skip(1).map(|arg| arg.parse::<usize>());
    let (Some(Ok(from)), Some(Ok(to))) = (args.next(), args.next()) else {
        eprintln!("usage: bench-users FROM TO");
        std::process::exit(2);
    };
    println!("{}", scim_benches::bulk_create(from..to));
}
