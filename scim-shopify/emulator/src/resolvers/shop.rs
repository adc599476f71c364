//! The shop itself: the root field `shop`, the shop as a `nodes(ids:)` entry and as the
//! `shop` of a payload (`customerDelete`), and the fields of a `Shop` the emulator
//! implements: `id` (`gid://shopify/Shop/N`, see `state/shop.rs`) and its metafields
//! (`metafield`, `metafields`, answered as a customer's are). Any other field of the shop
//! (its name, domains, currency, plan...) answers that the emulator does not support it.

use apollo_compiler::executable::Field;
use serde_json::Value;

use crate::graphql::arguments::Variables;
use crate::graphql::resolved::{Object, Resolved};
use crate::graphql::unsupported::unsupported;
use crate::resolvers::metafields;
use crate::state::shop::{Shop, ShopResource};

/// The `Shop` object of `shop`, a snapshot of it.
pub(crate) fn object(shop: &Shop) -> Resolved {
    Resolved::Object(Object::Shop(Box::new(shop.resource.clone())))
}

/// A shop query field, or `None` when `field` is not one.
pub(crate) fn query(shop: &Shop, field: &Field) -> Option<Result<Resolved, String>> {
    match field.name.as_str() {
        "shop" => Some(Ok(object(shop))),
        _ => None,
    }
}

/// The shop as the `nodes(ids:)` entry of `gid`, or `None` when `gid` is not its gid.
pub(crate) fn node(shop: &Shop, gid: &str) -> Option<Resolved> {
    (gid == shop.resource.gid()).then(|| object(shop))
}

/// The field `field` of the shop `s`.
pub(crate) fn field(
    s: &ShopResource,
    field: &Field,
    variables: &Variables,
) -> Result<Resolved, String> {
    if let Some(resolved) = metafields::owner_field(&s.metafields, field, variables) {
        return resolved;
    }
    let name = field.name.as_str();
    match name {
        "id" => Ok(Resolved::Json(Value::String(s.gid()))),
        _ => Err(unsupported(&format!("the field '{name}' on 'Shop'"))),
    }
}
