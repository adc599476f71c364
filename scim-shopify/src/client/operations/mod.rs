//! The GraphQL documents the Shopify store sends, one [`Operation`] type each.
//!
//! Selection sets hold what SCIM needs and no more. Every document here is listed in [`ALL`]
//! and validated against the 2026-07 Admin schema by the crate's tests; so is every shape
//! of [`CustomerWrite`] ([`customer_write_shapes`]).

// The selections first: their fragments' macros are used by the documents after them.
#[macro_use]
mod customer;
#[macro_use]
mod metaobject;
mod customer_mutations;
mod customer_reads;
mod groups;
mod metafields;
mod metaobject_definitions;
mod metaobject_mutations;
mod metaobject_reads;
mod payloads;
mod shop;
mod tags;
mod windows;
mod write;

pub use customer::*;
pub use customer_mutations::*;
pub use customer_reads::*;
pub use groups::*;
pub use metafields::*;
pub use metaobject::*;
pub use metaobject_definitions::*;
pub use metaobject_mutations::*;
pub use metaobject_reads::*;
pub use payloads::*;
pub use shop::*;
pub use tags::*;
pub use windows::*;
pub use write::*;

use super::operation::Operation;

/// `(name, document)` of every operation this module declares.
///
/// ```
/// use scim_shopify::client::operations::ALL;
///
/// assert!(ALL.iter().any(|(name, _)| *name == "CustomerCreate"));
/// for (name, document) in ALL {
///     assert!(document.contains(&format!(" {name}(")) || document.contains(&format!(" {name} {{")));
/// }
/// ```
pub const ALL: &[(&str, &str)] = &[
    entry::<CustomerCreate>(),
    entry::<CustomerUpdate>(),
    entry::<CustomerDelete>(),
    entry::<CustomerByIdentifier>(),
    entry::<CustomerById>(),
    entry::<Customers>(),
    entry::<CustomerRequestDataErasure>(),
    entry::<TagsAdd>(),
    entry::<TagsRemove>(),
    entry::<MetafieldsSet>(),
    entry::<MetafieldsDelete>(),
    entry::<CustomerWrite>(),
    entry::<MetafieldDefinitionCreate>(),
    entry::<MetafieldDefinitions>(),
    entry::<MetaobjectDefinitionCreate>(),
    entry::<MetaobjectCreate>(),
    entry::<MetaobjectUpdate>(),
    entry::<MetaobjectDelete>(),
    entry::<MetaobjectByHandle>(),
    entry::<MetaobjectDefinitionByType>(),
    entry::<MetaobjectById>(),
    entry::<Metaobjects>(),
    entry::<CustomerNodes>(),
    entry::<GroupMembers>(),
    entry::<GroupTagSwap>(),
    entry::<GroupTagRecase>(),
    entry::<CustomerWindow>(),
    entry::<CustomerIds>(),
    entry::<CustomersCount>(),
    entry::<GroupWindow>(),
    entry::<GroupIds>(),
    entry::<ShopMetafield>(),
];

const fn entry<O: Operation>() -> (&'static str, &'static str) {
    (O::NAME, O::DOCUMENT)
}
