//! The service provider's bulk limits and the 413 answer when a request exceeds one
//! (RFC 7644 §3.7.4).

use crate::error::ScimError;

/// The largest bulk request the service provider accepts: how many operations, and how many
/// bytes of body (RFC 7644 §3.7.4). The same numbers are advertised as `bulk.maxOperations`
/// and `bulk.maxPayloadSize` in the service provider configuration (RFC 7643 §5).
///
/// A request over either limit is answered with 413 (Payload Too Large) and a detail naming
/// the limit (§3.7.4). The default is the RFC's own figures: 1000 operations and 1048576
/// bytes (§3.12, Table 8; §3.7.4).
///
/// ```
/// use scim_core::bulk::BulkLimits;
///
/// let limits = BulkLimits::default();
/// assert_eq!((limits.max_operations, limits.max_payload_size), (1000, 1_048_576));
///
/// let err = limits.check_payload_size(4_294_967_296).unwrap_err();
/// assert_eq!(err.status(), http::StatusCode::PAYLOAD_TOO_LARGE);
/// assert_eq!(err.detail(), "The size of the bulk operation exceeds the maxPayloadSize (1048576).");
/// assert!(limits.check_operations(1000).is_ok());
/// assert!(limits.check_operations(1001).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkLimits {
    /// The most operations one bulk request may hold (`maxOperations`).
    pub max_operations: usize,
    /// The most bytes one bulk request body may hold (`maxPayloadSize`).
    pub max_payload_size: u64,
}

impl Default for BulkLimits {
    fn default() -> Self {
        BulkLimits {
            max_operations: 1000,
            max_payload_size: 1_048_576,
        }
    }
}

impl BulkLimits {
    /// 413 if a body of `size` bytes is over `max_payload_size` (RFC 7644 §3.7.4). The size
    /// is whatever the caller read or was told (`Content-Length`), so that an oversized body
    /// can be refused before it is read or parsed.
    pub fn check_payload_size(&self, size: u64) -> Result<(), ScimError> {
        if size > self.max_payload_size {
            return Err(ScimError::payload_too_large(format!(
                "The size of the bulk operation exceeds the maxPayloadSize ({}).",
                self.max_payload_size
            )));
        }
        Ok(())
    }

    /// 413 if `count` operations are more than `max_operations` (RFC 7644 §3.7.4).
    pub fn check_operations(&self, count: usize) -> Result<(), ScimError> {
        if count > self.max_operations {
            return Err(ScimError::payload_too_large(format!(
                "The number of operations in the bulk operation exceeds the maxOperations ({}).",
                self.max_operations
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7644_s3_7_4_limits_are_inclusive() {
        let limits = BulkLimits {
            max_operations: 2,
            max_payload_size: 10,
        };
        assert!(limits.check_payload_size(10).is_ok());
        assert!(limits.check_payload_size(0).is_ok());
        assert!(limits.check_payload_size(11).is_err());
        assert!(limits.check_payload_size(u64::MAX).is_err());
        assert!(limits.check_operations(2).is_ok());
        let err = limits.check_operations(3).unwrap_err();
        assert_eq!(err.status(), http::StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(err.scim_type(), None);
        assert_eq!(
            err.detail(),
            "The number of operations in the bulk operation exceeds the maxOperations (2)."
        );
    }
}
