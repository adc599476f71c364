//! GraphQL execution apart from any one field: argument values, what a resolver answers
//! (snapshots of the shop's records, or payloads answered whole), pages and cursors, and the
//! projection of the answers on an operation's selection sets.

pub(crate) mod arguments;
pub(crate) mod paging;
pub(crate) mod projection;
pub(crate) mod resolved;
pub(crate) mod unsupported;
