//! [`Operation`]: a named GraphQL document, its variables and its response, declared as types so
//! that user input only ever travels in `variables`, never spliced into a document.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::bucket::QueryCost;

/// Shopify's cap on the requested cost of one query, on every plan.
pub const MAX_QUERY_COST: u32 = 1000;

/// The cost Shopify charges a mutation field itself.
pub(crate) const MUTATION_COST: u32 = 10;

/// A GraphQL operation the client can send: a `const` document with exactly one operation named
/// [`Operation::NAME`], serde types for its variables and its `data`, and an estimate of its
/// requested cost.
///
/// Costs follow Shopify's calculation (shopify.dev, "API rate limits"): scalars and enums 0,
/// an object 1, a connection 2 plus `first` times the cost of one node, a mutation 10.
///
/// ```
/// use scim_shopify::client::Operation;
/// use scim_shopify::client::operations::CustomerById;
///
/// assert_eq!(CustomerById::NAME, "CustomerById");
/// assert!(CustomerById::DOCUMENT.contains("query CustomerById("));
/// ```
pub trait Operation {
    /// The operation name, sent as `operationName`.
    const NAME: &'static str;
    /// The document text: the named operation and the fragments it uses.
    const DOCUMENT: &'static str;
    /// The `variables` object.
    type Variables: Serialize + Send + Sync;
    /// The `data` object of a successful response.
    type Data: DeserializeOwned;

    /// Whether sending the operation twice has the effect of sending it once. A create is
    /// not: after a timeout or a 5xx it may have run, and a blind retry would create a second
    /// object or fail with "already taken", so the client hands such errors back instead.
    const REPLAY_SAFE: bool = true;

    /// The requested cost Shopify will compute for these variables (an upper bound).
    fn requested_cost(variables: &Self::Variables) -> u32;

    /// The document to send with `variables`: [`Operation::DOCUMENT`], unless the operation
    /// comes in several fixed shapes and the variables pick one (as
    /// [`CustomerWrite`](super::operations::CustomerWrite) does by the parts of a write it
    /// holds). Every shape is a `'static` text assembled from fixed pieces, never from input,
    /// and names the operation [`Operation::NAME`].
    ///
    /// ```
    /// use scim_shopify::client::Operation;
    /// use scim_shopify::client::operations::{CustomerById, CustomerByIdVariables};
    ///
    /// let variables = CustomerByIdVariables { id: "gid://shopify/Customer/1".into(), metafield_namespace: None };
    /// assert_eq!(CustomerById::document(&variables), CustomerById::DOCUMENT);
    /// ```
    fn document(_variables: &Self::Variables) -> &'static str {
        Self::DOCUMENT
    }
}

/// The body of a GraphQL POST.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RequestBody<'a, V> {
    pub(crate) query: &'static str,
    pub(crate) operation_name: &'static str,
    pub(crate) variables: &'a V,
}

/// A successful response: the operation's data, what it cost, and whether it answers a
/// resend of a request whose earlier answer was lost.
///
/// ```
/// use scim_shopify::client::Response;
///
/// let response = Response { data: 42, cost: None, resent: false };
/// assert_eq!(response.data, 42);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The `data` object.
    pub data: T,
    /// `extensions.cost`, when Shopify sent it.
    pub cost: Option<QueryCost>,
    /// Whether the request was sent again after an attempt that may have run without its
    /// answer coming back (a 5xx, a timeout, a dropped connection): the data may then show
    /// what that attempt did (a customer already deleted, a tag already added), which the
    /// caller must not take for someone else's doing.
    pub resent: bool,
}
