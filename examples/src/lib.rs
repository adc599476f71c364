//! Example programs for the scim-rs workspace; the `scim-server` binary arrives with the protocol service.
