//! Between the client's wire types (`client::operations`) and the mapping's types
//! (`mapping`), and from Shopify's answers to SCIM errors.

use scim_core::ScimError;
use scim_core::resource::parse_date_time;
use scim_core::store::StoreError;

use crate::client::ShopifyError;
use crate::client::operations::{
    self as ops, CustomerInput as WireInput, MetafieldInput, MetafieldsSetInput, UserError,
};
use crate::mapping::{self, Metafield};

/// The mapping's view of a customer the client read.
pub(crate) fn customer(wire: ops::Customer) -> mapping::Customer {
    let email = wire.email().map(str::to_owned);
    let phone = wire.phone().map(str::to_owned);
    mapping::Customer {
        id: wire.id,
        email,
        first_name: wire.first_name,
        last_name: wire.last_name,
        phone,
        locale: Some(wire.locale),
        note: None,
        tags: wire.tags,
        created_at: parse_date_time(&wire.created_at),
        updated_at: parse_date_time(&wire.updated_at),
        metafields: wire
            .metafields
            .nodes
            .into_iter()
            .map(|m| Metafield::new(m.namespace, m.key, m.r#type, m.value))
            .collect(),
    }
}

fn metafield_input(m: Metafield) -> MetafieldInput {
    MetafieldInput {
        namespace: m.namespace,
        key: m.key,
        r#type: m.kind,
        value: m.value,
    }
}

/// The `metafieldsSet` entry for `m` on `owner`.
pub(crate) fn metafield_set(owner: &str, m: Metafield) -> MetafieldsSetInput {
    MetafieldsSetInput {
        owner_id: owner.to_owned(),
        namespace: m.namespace,
        key: m.key,
        r#type: m.kind,
        value: m.value,
    }
}

/// The `customerCreate` input (`note` is refused when the store is built).
pub(crate) fn create_input(input: mapping::CustomerInput) -> WireInput {
    WireInput {
        id: None,
        email: input.email.map(Some),
        first_name: input.first_name.map(Some),
        last_name: input.last_name.map(Some),
        phone: input.phone.map(Some),
        locale: input.locale,
        tags: (!input.tags.is_empty()).then_some(input.tags),
        metafields: (!input.metafields.is_empty())
            .then(|| input.metafields.into_iter().map(metafield_input).collect()),
    }
}

/// The `customerUpdate` input for field changes. A locale cannot be cleared in Shopify, so
/// clearing it leaves it as it is.
pub(crate) fn update_input(gid: &str, fields: mapping::FieldChanges) -> WireInput {
    WireInput {
        id: Some(gid.to_owned()),
        email: fields.email,
        first_name: fields.first_name,
        last_name: fields.last_name,
        phone: fields.phone,
        locale: fields.locale.flatten(),
        ..WireInput::default()
    }
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
    fn clearing_the_locale_leaves_it() {
        let input = update_input(
            "gid://shopify/Customer/1",
            mapping::FieldChanges {
                locale: Some(None),
                first_name: Some(None),
                ..Default::default()
            },
        );
        assert_eq!(
            serde_json::to_value(&input).unwrap(),
            serde_json::json!({"id": "gid://shopify/Customer/1", "firstName": null})
        );
    }
}
