//! The store's [`Pace`] from the shop's leaky bucket (shopify.dev, "GraphQL Admin API rate
//! limits"): the points the client's model of the bucket holds now, the reservations of the
//! requests in flight taken off, and the rate Shopify restores them at.

use std::time::Duration;

use scim_core::store::Pace;

use crate::client::ThrottleStatus;

/// The points one write of a User is taken to request when the store reports its pace: a
/// create requests 19, a PUT 29 over its two calls, a PATCH of `active` 29, a soft delete
/// 38 (see [the Users' calls](crate::store::users)).
pub const TYPICAL_WRITE_POINTS: f64 = 30.0;

/// The pace of a shop whose bucket is `status` (`None` before the first answer: no wait,
/// no known rate).
///
/// ```
/// use scim_shopify::client::ThrottleStatus;
/// use scim_shopify::store::pace_of;
///
/// // Standard plan, the burst spent and 30 points of reservations ahead: 0.6 s to wait.
/// let pace = pace_of(Some(ThrottleStatus {
///     maximum_available: 2000.0, currently_available: -30.0, restore_rate: 100.0,
/// }));
/// assert_eq!(pace.wait.as_millis(), 600);
/// assert_eq!(pace.sustained_writes_per_second, Some(100.0 / 30.0));
/// assert!(pace_of(None).is_unlimited());
/// ```
pub fn pace_of(status: Option<ThrottleStatus>) -> Pace {
    let Some(status) = status else {
        return Pace::UNLIMITED;
    };
    if status.restore_rate <= 0.0 {
        return Pace::UNLIMITED;
    }
    let missing = (TYPICAL_WRITE_POINTS - status.currently_available).max(0.0);
    Pace {
        wait: Duration::from_secs_f64(missing / status.restore_rate),
        sustained_writes_per_second: Some(status.restore_rate / TYPICAL_WRITE_POINTS),
    }
}
