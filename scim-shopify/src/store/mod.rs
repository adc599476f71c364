//! [`ShopifyStore`]: a [`ResourceStore`] that keeps SCIM Users as Shopify customers and SCIM
//! Groups as `$app:scim_group` metaobjects with membership as customer tags, over the
//! [`client`](crate::client) and the [`mapping`](crate::mapping).
//!
//! The store is thin: each call goes, once, by its resource type, to the Users part or the
//! Groups part, which share the shop (the client, the mapping, what lists learnt). What
//! each call sends, in calls and cost points:
//!
//! - [`users`]: Users as customers, deleted Users (RFC 7644 §3.6) kept as marked
//!   customers, and a create whose answer is lost found again.
//! - [`groups`]: Groups as metaobjects, membership as customer tags, and the cache behind
//!   Users' `groups`.
//! - [`lists`]: lists without a filter or `sortBy`, of either, paged straight through
//!   Shopify's cursors (RFC 9865 cursors, `startIndex`, `totalResults`).
//!
//! Any other resource type answers 501.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use scim_shopify::client::{Credentials, Secret, ShopifyClient, ShopifyConfig};
//! use scim_shopify::mapping::MappingConfig;
//! use scim_shopify::store::{DeletePolicy, ShopifyStore};
//!
//! let client = ShopifyClient::new(ShopifyConfig::new(
//!     "example.myshopify.com",
//!     Credentials::AccessToken(Secret::new("shpat_x")),
//! ))?;
//! let store = ShopifyStore::new(client, MappingConfig::default(), DeletePolicy::default())?;
//! # let _ = store; Ok(()) }
//! ```

pub mod groups;
pub mod lists;
pub mod users;

mod convert;
mod errors;
mod pace;
mod paging;
mod setup;
mod shop;
mod token;
pub mod user_names;

pub use crate::mapping::{DISPLAY_NAME_FIELD, EXTERNAL_ID_FIELD, GROUP_TYPE};
pub use groups::state::{MAX_CACHED_GROUPS, MISS_REFRESH};
pub use pace::{TYPICAL_WRITE_POINTS, pace_of};
pub use setup::{Definitions, SetupError};
pub use shop::{DEFAULT_LIST_BUDGET, DEFAULT_LIST_CAP, ListBudget};
pub use user_names::{INDEXED_KEY, UserNameIndex};
pub use users::state::{DEFAULT_COUNT_CAP, DeletePolicy};

use http::StatusCode;
use scim_core::ScimError;
use scim_core::patch::PatchRequest;
use scim_core::query::{ListQuery, Page};
use scim_core::resource::{Resource, Version};
use scim_core::schema::ResourceView;
use scim_core::store::{
    Change, Pace, ResourceStore, StoreError, Stored, async_trait, update_by_replace,
};

use crate::client::ShopifyClient;
use crate::mapping::{MappingConfig, MappingError};
use groups::Groups;
use groups::state::GroupState;
use shop::Shop;
use users::Users;
use users::state::UserState;

/// A [`ResourceStore`] for SCIM Users and Groups kept in one Shopify shop: Users as its
/// customers, Groups as metaobjects.
///
/// See the [module documentation](self) for what each call sends.
#[derive(Debug)]
pub struct ShopifyStore {
    shop: Shop,
    users: UserState,
    groups: GroupState,
}

impl ShopifyStore {
    /// A store over `client` with the mapping `config` and the DELETE `policy`.
    ///
    /// # Errors
    ///
    /// The mapping's own check ([`MappingConfig::check`]) fails; or a rule maps to the
    /// customer `note`, or the owned metafields span more than one namespace, which the
    /// client's customer selection does not read.
    pub fn new(
        client: ShopifyClient,
        config: MappingConfig,
        policy: DeletePolicy,
    ) -> Result<Self, MappingError> {
        Ok(ShopifyStore {
            shop: Shop::new(client, config)?,
            users: UserState::new(policy),
            groups: GroupState::default(),
        })
    }

    /// The same store with another cap on the customers one `list` fetches
    /// (default [`DEFAULT_LIST_CAP`]).
    pub fn with_list_cap(mut self, cap: usize) -> Self {
        self.shop.list_cap = cap;
        self
    }

    /// The same store with another budget for a filtered or sorted list of Users (default
    /// [`DEFAULT_LIST_BUDGET`]).
    pub fn with_list_budget(mut self, budget: ListBudget) -> Self {
        self.shop.list_budget = budget;
        self
    }

    /// The same store with another cap on the ids of deleted customers one count reads
    /// (default [`DEFAULT_COUNT_CAP`]).
    pub fn with_count_cap(mut self, cap: usize) -> Self {
        self.users.count_cap = cap;
        self
    }

    /// Makes sure the shop has the customer metafield definitions behind `userName`
    /// ([`MappingConfig::user_name`](crate::mapping::MappingConfig::user_name), by default
    /// `scim.user_name`) and `externalId`
    /// ([`MappingConfig::external_id`](crate::mapping::MappingConfig::external_id), by default
    /// `scim.external_id`): type `id` with unique values, which `customerByIdentifier`
    /// needs to find a customer by them (Shopify answers "Metafield definition of type 'id' is
    /// required when using custom ids." without one) and which makes Shopify refuse a second
    /// customer with the same `userName` in any case or the same `externalId` (the store
    /// answers 409 `uniqueness`, RFC 7643 §4.1.1), however many requests race, in however
    /// many processes.
    ///
    /// It looks each definition up first (`metafieldDefinitions`) and creates it only when
    /// it is missing; a create that loses a race with another instance (`TAKEN`) counts as
    /// present. Call it once when the server starts. Shopify asks for access to the
    /// definition's owner: the `read_customers` and `write_customers` access scopes.
    ///
    /// # Errors
    ///
    /// [`SetupError::Shopify`] when Shopify cannot be reached or refuses the token;
    /// [`SetupError::Conflict`] when a definition of another type or without unique values
    /// holds the namespace and key; [`SetupError::Refused`] for Shopify's other `userErrors`.
    ///
    /// ```no_run
    /// # async fn demo(store: scim_shopify::store::ShopifyStore) -> Result<(), Box<dyn std::error::Error>> {
    /// use scim_shopify::store::Definitions;
    ///
    /// match store.ensure_definitions().await? {
    ///     Definitions::Created => println!("created the userName or externalId definition"),
    ///     Definitions::Present => {}
    ///     _ => {}
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn ensure_definitions(&self) -> Result<Definitions, SetupError> {
        setup::ensure_definitions(&self.shop).await
    }

    /// Gives the unique `userName` key to every customer of the shop that holds a User and
    /// lacks it (provisioned before the key existed), and then marks the shop so that a
    /// `userName eq` the key does not find answers no match at once instead of searching
    /// (see [the module](user_names)). Call it once after
    /// [`ensure_definitions`](Self::ensure_definitions) when that left the shop unmarked
    /// ([`user_names_indexed`](Self::user_names_indexed) is `false`); it is safe to run
    /// again, and while it runs the store serves as before.
    ///
    /// Cost: the shop's customers read 83 to a `customers` page (about 12 points a
    /// customer), and one `metafieldsSet` per 25 customers keyed.
    ///
    /// # Errors
    ///
    /// Shopify could not be reached or refused a write other than a taken key; a taken key
    /// is a clash in the report, not an error.
    pub async fn index_user_names(&self) -> Result<UserNameIndex, StoreError> {
        user_names::index(&self.shop).await
    }

    /// Whether every customer of the shop that holds a User holds its unique `userName`
    /// key, as far as the store knows (see [`index_user_names`](Self::index_user_names)).
    pub fn user_names_indexed(&self) -> bool {
        self.shop.user_names_indexed()
    }

    /// The Users part.
    fn users(&self) -> Users<'_> {
        Users::new(&self.shop, &self.users, self.groups())
    }

    /// The Groups part.
    fn groups(&self) -> Groups<'_> {
        Groups::new(&self.shop, &self.groups)
    }
}

/// The resource types kept in Shopify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    User,
    Group,
}

/// Users and Groups are kept in Shopify; any other type answers 501.
fn kind(view: &ResourceView<'_>) -> Result<Kind, StoreError> {
    match view.resource_type().name.as_str() {
        "User" => Ok(Kind::User),
        "Group" => Ok(Kind::Group),
        name => Err(ScimError::new(
            StatusCode::NOT_IMPLEMENTED,
            None,
            format!("{name}s are not provisioned to Shopify; only Users and Groups are"),
        )
        .into()),
    }
}

/// Each call goes, once, to the part its resource type names.
#[async_trait]
impl ResourceStore for ShopifyStore {
    /// Users: one `customerCreate`, looked up again when its answer is lost (see
    /// [Create](users#create)); Groups: a metaobject and its members' tags (see [`groups`]).
    async fn create(
        &self,
        view: &ResourceView<'_>,
        resource: Resource,
    ) -> Result<Stored, StoreError> {
        let _writing = self.shop.snapshots.writing();
        match kind(view)? {
            Kind::User => self.users().create(resource).await,
            Kind::Group => self.groups().create(resource).await,
        }
    }

    async fn get(&self, view: &ResourceView<'_>, id: &str) -> Result<Stored, StoreError> {
        match kind(view)? {
            Kind::User => self.users().get(id).await,
            Kind::Group => self.groups().get(id).await,
        }
    }

    /// Users: one `CustomerWrite`, after the read the service just made (through
    /// [`get`](ResourceStore::get)) at the `expected` version, or after a read of its own;
    /// Groups: the members' tags, then the metaobject.
    async fn replace(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let _writing = self.shop.snapshots.writing();
        match kind(view)? {
            Kind::User => self.users().replace(id, resource, expected).await,
            Kind::Group => self.groups().replace(id, resource, expected).await,
        }
    }

    /// Users: `active` alone without `If-Match` is one `CustomerWrite` and no read, any
    /// other PATCH one read, the commit and the projection (see
    /// [Replace and PATCH](users#replace-and-patch));
    /// Groups: the members the request names read directly.
    async fn patch(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let _writing = self.shop.snapshots.writing();
        match kind(view)? {
            Kind::User => self.users().patch(view, id, request, expected).await,
            Kind::Group => self.groups().patch(view, id, request, expected).await,
        }
    }

    async fn delete(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError> {
        let _writing = self.shop.snapshots.writing();
        match kind(view)? {
            Kind::User => self.users().delete(id, expected).await,
            Kind::Group => self.groups().delete(id, expected).await,
        }
    }

    async fn list(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        match kind(view)? {
            Kind::User => self.users().list(view, query).await,
            Kind::Group => self.groups().list(view, query).await,
        }
    }

    /// Users: one read, the commit and the projection (see
    /// [Replace and PATCH](users#replace-and-patch));
    /// Groups: a read, then [`replace`](ResourceStore::replace) expecting the version read
    /// ([`update_by_replace`]).
    async fn update(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        expected: Option<&Version>,
        change: &Change<'_>,
    ) -> Result<Stored, StoreError> {
        match kind(view)? {
            Kind::User => {
                let _writing = self.shop.snapshots.writing();
                self.users().update(id, expected, change).await
            }
            Kind::Group => update_by_replace(self, view, id, expected, change).await,
        }
    }

    /// From the shop's leaky bucket as the client sees it now ([`pace_of`]).
    fn pace(&self) -> Pace {
        pace_of(self.shop.client.throttle_status())
    }
}
