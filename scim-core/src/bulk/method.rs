//! The four HTTP methods a bulk operation may carry (RFC 7644 §3.7).

use std::fmt;

/// The method of a bulk operation: `POST`, `PUT`, `PATCH` or `DELETE` (RFC 7644 §3.7,
/// `Operations.method`). Bulk carries no `GET`.
///
/// ```
/// use scim_core::bulk::BulkMethod;
///
/// assert_eq!(BulkMethod::parse("patch"), Some(BulkMethod::Patch));
/// assert_eq!(BulkMethod::parse("GET"), None);
/// assert_eq!(BulkMethod::Post.to_string(), "POST");
/// assert_eq!(BulkMethod::Delete.to_http(), http::Method::DELETE);
/// assert!(!BulkMethod::Delete.takes_data());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BulkMethod {
    /// Create a resource at a resource type endpoint (RFC 7644 §3.3).
    Post,
    /// Replace a resource (RFC 7644 §3.5.1).
    Put,
    /// Modify a resource (RFC 7644 §3.5.2).
    Patch,
    /// Delete a resource (RFC 7644 §3.6).
    Delete,
}

impl BulkMethod {
    /// The method named by `text`, in any case; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        [
            BulkMethod::Post,
            BulkMethod::Put,
            BulkMethod::Patch,
            BulkMethod::Delete,
        ]
        .into_iter()
        .find(|method| method.as_str().eq_ignore_ascii_case(text))
    }

    /// The method's name in upper case, as the bulk response writes it (RFC 7644 §3.7.3).
    pub fn as_str(self) -> &'static str {
        match self {
            BulkMethod::Post => "POST",
            BulkMethod::Put => "PUT",
            BulkMethod::Patch => "PATCH",
            BulkMethod::Delete => "DELETE",
        }
    }

    /// The same method as an [`http::Method`].
    pub fn to_http(self) -> http::Method {
        match self {
            BulkMethod::Post => http::Method::POST,
            BulkMethod::Put => http::Method::PUT,
            BulkMethod::Patch => http::Method::PATCH,
            BulkMethod::Delete => http::Method::DELETE,
        }
    }

    /// Whether an operation with this method carries `data`: POST, PUT and PATCH do, DELETE
    /// does not (RFC 7644 §3.7, `Operations.data`).
    pub fn takes_data(self) -> bool {
        !matches!(self, BulkMethod::Delete)
    }
}

impl fmt::Display for BulkMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7644_s3_7_methods_parse_in_any_case() {
        for (text, method) in [
            ("POST", BulkMethod::Post),
            ("post", BulkMethod::Post),
            ("Put", BulkMethod::Put),
            ("pAtCh", BulkMethod::Patch),
            ("delete", BulkMethod::Delete),
        ] {
            assert_eq!(BulkMethod::parse(text), Some(method), "{text}");
        }
        for text in ["GET", "", "POST ", "HEAD", "OPTIONS"] {
            assert_eq!(BulkMethod::parse(text), None, "{text:?}");
        }
    }
}
