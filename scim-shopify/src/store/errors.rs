//! Shopify's answers as SCIM errors: `userErrors` as 409 `uniqueness` or 400
//! `invalidValue`, an unknown customer recognised in `userErrors` and in GraphQL errors,
//! and a failed call as a backend error, for the service to log.

use scim_core::ScimError;
use scim_core::store::StoreError;

use crate::client::ShopifyError;
use crate::client::operations::UserError;

/// Whether Shopify's answer says the customer does not exist: `customerUpdate` answers
/// `{"field": ["id"], "message": "Customer does not exist"}` for an unknown id (capture
/// `customers/customer-update-parity.json`), `customerDelete` "Customer can't be found"
/// (capture `customers/customer-delete-parity.json`); the tag and metafield mutations name
/// `id` or `ownerId` the same way.
pub(crate) fn names_missing_customer(errors: &[UserError]) -> bool {
    errors.iter().any(|e| {
        let field = e.field.as_deref().and_then(<[String]>::last);
        let message = e.message.to_ascii_lowercase();
        matches!(
            field.map(String::as_str),
            Some("id" | "ownerId" | "customerId")
        ) && (message.contains("does not exist")
            || message.contains("not found")
            || message.contains("be found"))
    })
}

/// Whether a failed call is Shopify's top-level `RESOURCE_NOT_FOUND` (`"invalid id"`), which
/// `tagsAdd` answers for an id it cannot resolve (capture
/// `products/tags-add-multi-resource.json`, `unsupportedAdd`).
pub(crate) fn is_resource_not_found(err: &ShopifyError) -> bool {
    matches!(err, ShopifyError::GraphQl { errors, .. }
        if errors.iter().any(|e| e.code() == Some("RESOURCE_NOT_FOUND")))
}

/// `userErrors` as a SCIM error: a taken email or phone is 409 `uniqueness`, and so is a
/// metafield value another customer holds under a definition with unique values (the
/// `externalId` metafield: a second user with the same `externalId`, RFC 7644 §3.3 "If the
/// service provider determines that the creation of the requested resource conflicts with
/// existing resources"); anything else 400 `invalidValue` naming the field.
pub(crate) fn user_errors(errors: &[UserError]) -> StoreError {
    let taken = errors.iter().find(|e| {
        let field = e.field.as_deref().and_then(<[String]>::last);
        matches!(field.map(String::as_str), Some("email" | "phone")) && e.message.contains("taken")
    });
    if let Some(e) = taken {
        return ScimError::uniqueness(e.message.clone()).into();
    }
    if let Some(e) = errors.iter().find(|e| unique_value_taken(e)) {
        return ScimError::uniqueness(format!(
            "another user already has this value of a unique attribute, such as externalId \
             (Shopify: {})",
            e.message
        ))
        .into();
    }
    let detail = errors
        .iter()
        .map(|e| match &e.field {
            Some(field) if !field.is_empty() => format!("{}: {}", field.join("."), e.message),
            _ => e.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    ScimError::invalid_value(format!("Shopify refused the customer: {detail}")).into()
}

/// Whether `e` refuses a metafield value because a definition with unique values already
/// has it on another customer. No capture shows Shopify's wording (see the emulator's
/// `definitions` module), so this reads the error's place (an input metafield) and either
/// its code (`TAKEN`, or `CAPABILITY_VIOLATION` of `MetafieldsSetUserErrorCode`) or, for the
/// customer mutations whose errors have no code, "taken" or "unique" in the message.
fn unique_value_taken(e: &UserError) -> bool {
    let on_metafield = e
        .field
        .as_deref()
        .is_some_and(|field| field.iter().any(|f| f == "metafields"));
    let code = matches!(e.code.as_deref(), Some("TAKEN" | "CAPABILITY_VIOLATION"));
    let message = e.message.to_lowercase();
    on_metafield && (code || message.contains("taken") || message.contains("unique"))
}

/// A failed call, for the service to log (no token is ever in a [`ShopifyError`]).
pub(crate) fn backend(context: &str, err: ShopifyError) -> StoreError {
    StoreError::backend(context, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: &[&str], message: &str) -> UserError {
        UserError {
            field: Some(field.iter().map(|f| (*f).to_owned()).collect()),
            message: message.to_owned(),
            code: None,
        }
    }

    fn scim(err: StoreError) -> ScimError {
        match err {
            StoreError::Scim(err) => err,
            other => panic!("not a SCIM error: {other}"),
        }
    }

    #[test]
    fn a_taken_email_or_phone_is_uniqueness() {
        for field in ["email", "phone"] {
            let err = scim(user_errors(&[error(
                &["input", field],
                "Email has already been taken",
            )]));
            assert_eq!(err.status(), 409);
            assert_eq!(err.scim_type(), Some(scim_core::ScimType::Uniqueness));
        }
    }

    #[test]
    fn a_taken_unique_metafield_value_is_uniqueness() {
        // metafieldsSet (with a code) and customerCreate (without one) alike.
        let with_code = UserError {
            code: Some("TAKEN".into()),
            ..error(
                &["metafields", "0", "value"],
                "Value has already been taken",
            )
        };
        for e in [
            with_code,
            error(
                &["metafields", "1", "value"],
                "Value has already been taken",
            ),
        ] {
            let err = scim(user_errors(&[e]));
            assert_eq!(err.status(), 409);
            assert_eq!(err.scim_type(), Some(scim_core::ScimType::Uniqueness));
            assert!(err.detail().contains("externalId"), "{}", err.detail());
        }
        // Another metafield error stays 400.
        let err = scim(user_errors(&[error(
            &["metafields", "0", "value"],
            "Value is invalid",
        )]));
        assert_eq!(err.status(), 400);
    }

    #[test]
    fn other_user_errors_are_invalid_value_naming_the_field() {
        let err = scim(user_errors(&[
            error(
                &["firstName"],
                "First name is too long (maximum is 255 characters)",
            ),
            UserError {
                field: None,
                message: "A name, phone number, or email address must be present".into(),
                code: None,
            },
        ]));
        assert_eq!(err.status(), 400);
        assert_eq!(err.scim_type(), Some(scim_core::ScimType::InvalidValue));
        assert_eq!(
            err.detail(),
            "Shopify refused the customer: firstName: First name is too long (maximum is 255 \
             characters); A name, phone number, or email address must be present"
        );
    }

    #[test]
    fn an_unknown_customer_is_recognised_in_user_errors_and_graphql_errors() {
        // customerUpdate on an unknown id (capture customers/customer-update-parity.json).
        assert!(names_missing_customer(&[error(
            &["id"],
            "Customer does not exist"
        )]));
        assert!(names_missing_customer(&[error(
            &["metafields", "0", "ownerId"],
            "Owner does not exist."
        )]));
        assert!(!names_missing_customer(&[error(
            &["metafields", "0", "value"],
            "Value references non-existent resource gid://shopify/Product/1."
        )]));
        // tagsAdd on an id it cannot resolve (capture products/tags-add-multi-resource.json).
        let err = ShopifyError::GraphQl {
            operation: "CustomerWrite",
            errors: vec![
                serde_json::from_value(serde_json::json!({
                    "message": "invalid id", "extensions": {"code": "RESOURCE_NOT_FOUND"}
                }))
                .unwrap(),
            ],
        };
        assert!(is_resource_not_found(&err));
    }
}
