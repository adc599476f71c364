//! Resolving a PATCH `path` against a resource type's schemas (RFC 7644 §3.5.2): which
//! attribute it names, where that attribute lives (the top level or an extension's object,
//! RFC 7643 §3.3), and which of its values it selects.

use scim_filter::{AttrPath, PatchPath, ValueFilter};

use crate::error::ScimError;
use crate::schema::{Attribute, AttributeType, ResourceView, Schema, common_attribute};

/// What a path names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'v, 'p> {
    /// The extension whose object holds the attribute; `None` for the top level.
    pub(crate) extension: Option<&'v Schema>,
    /// What within that container.
    pub(crate) kind: Kind<'v, 'p>,
}

/// The kinds of target.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind<'v, 'p> {
    /// The extension's whole object (`urn:...:enterprise:2.0:User`).
    Extension,
    /// A whole attribute (`title`, `emails`, `name`).
    Attribute(&'v Attribute),
    /// A sub-attribute of a single-valued complex attribute (`name.givenName`).
    Sub(&'v Attribute, &'v Attribute),
    /// Values of a multi-valued attribute: those a filter selects (`emails[type eq "work"]`),
    /// or all of them (`emails.value`), or a sub-attribute of those (`emails[...].value`).
    Elements(Elements<'v, 'p>),
}

/// A selection of the values of a multi-valued attribute.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Elements<'v, 'p> {
    /// The multi-valued attribute.
    pub(crate) attribute: &'v Attribute,
    /// The sub-attribute of each selected value, if the path goes on to one.
    pub(crate) sub: Option<&'v Attribute>,
    /// The filter and the attribute path it is relative to; `None` selects every value.
    pub(crate) filter: Option<(&'p ValueFilter<'static>, &'p AttrPath<'static>)>,
}

/// Resolves `path` for resource type `view`. Anything that names no attribute of the type,
/// or goes where the schema has nothing (a sub-attribute of a simple attribute, a filter on
/// a single-valued one), is `invalidPath`.
pub(crate) fn resolve<'v, 'p>(
    view: &ResourceView<'v>,
    path: &'p PatchPath<'static>,
) -> Result<Target<'v, 'p>, ScimError> {
    let attr_path = path.attr_path();
    // Only a path with a `:` can be an extension's URN.
    if let PatchPath::Attribute(whole) = path
        && whole.uri().is_some()
        && let Some(extension) = view
            .extension_schemas()
            .find(|schema| schema.id.eq_ignore_ascii_case(whole.as_str()))
    {
        return Ok(Target {
            extension: Some(extension),
            kind: Kind::Extension,
        });
    }
    let (extension, attribute) = attribute_of(view, attr_path)?;
    let sub_of = |name: &str| sub_attribute(attribute, name, path);
    let kind = match path {
        PatchPath::Attribute(attr_path) => match attr_path.sub_attr() {
            None => Kind::Attribute(attribute),
            Some(name) if attribute.multi_valued => Kind::Elements(Elements {
                attribute,
                sub: Some(sub_of(name)?),
                filter: None,
            }),
            Some(name) => Kind::Sub(attribute, sub_of(name)?),
        },
        PatchPath::ValuePath {
            path: attr_path,
            filter,
            sub_attr,
        } => {
            if !attribute.multi_valued {
                return Err(ScimError::invalid_path(format!(
                    "`{path}`: `{}` is single-valued; a value filter selects values of a multi-valued attribute (RFC 7644 §3.5.2)",
                    attribute.name
                )));
            }
            check_filter_names(attribute, filter, path)?;
            Kind::Elements(Elements {
                attribute,
                sub: sub_attr.as_deref().map(sub_of).transpose()?,
                filter: Some((filter, attr_path)),
            })
        }
    };
    Ok(Target { extension, kind })
}

/// The attribute an attribute path names, and the extension that holds it.
fn attribute_of<'v>(
    view: &ResourceView<'v>,
    path: &AttrPath<'_>,
) -> Result<(Option<&'v Schema>, &'v Attribute), ScimError> {
    let core = view.core_schema();
    let name = path.name();
    let (extension, schema) = match path.uri() {
        None => (None, core),
        Some(uri) if uri.eq_ignore_ascii_case(&core.id) => (None, core),
        Some(uri) => match view
            .extension_schemas()
            .find(|schema| schema.id.eq_ignore_ascii_case(uri))
        {
            Some(extension) => (Some(extension), extension),
            None => {
                return Err(ScimError::invalid_path(format!(
                    "`{path}`: `{uri}` is not a schema of {} resources",
                    view.resource_type().name
                )));
            }
        },
    };
    let attribute = schema.attribute(name).or_else(|| match extension {
        None => common_attribute(name),
        Some(_) => None,
    });
    match attribute {
        Some(attribute) => Ok((extension, attribute)),
        None => Err(ScimError::invalid_path(format!(
            "`{path}`: schema `{}` has no attribute `{name}`",
            schema.id
        ))),
    }
}

fn sub_attribute<'v>(
    attribute: &'v Attribute,
    name: &str,
    path: &PatchPath<'_>,
) -> Result<&'v Attribute, ScimError> {
    if attribute.attr_type != AttributeType::Complex {
        return Err(ScimError::invalid_path(format!(
            "`{path}`: `{}` is not complex, so it has no sub-attribute `{name}` (RFC 7643 §2.3.8)",
            attribute.name
        )));
    }
    attribute.sub_attribute(name).ok_or_else(|| {
        ScimError::invalid_path(format!(
            "`{path}`: `{}` has no sub-attribute `{name}`",
            attribute.name
        ))
    })
}

/// Every name a value filter compares must be a sub-attribute of the attribute (or `value`,
/// which stands for the value itself of a simple multi-valued attribute): a filter on a name
/// that does not exist would select nothing, silently.
fn check_filter_names(
    attribute: &Attribute,
    filter: &ValueFilter<'_>,
    path: &PatchPath<'_>,
) -> Result<(), ScimError> {
    match filter {
        ValueFilter::Present(name) | ValueFilter::Compare { sub_attr: name, .. } => {
            let known = match attribute.attr_type {
                AttributeType::Complex => attribute.sub_attribute(name).is_some(),
                _ => name.eq_ignore_ascii_case("value"),
            };
            if known {
                Ok(())
            } else {
                Err(ScimError::invalid_path(format!(
                    "`{path}`: the filter compares `{name}`, which is not a sub-attribute of `{}`",
                    attribute.name
                )))
            }
        }
        ValueFilter::Not(inner) => check_filter_names(attribute, inner, path),
        ValueFilter::And(terms) | ValueFilter::Or(terms) => terms
            .iter()
            .try_for_each(|term| check_filter_names(attribute, term, path)),
    }
}

#[cfg(test)]
mod tests {
    use scim_filter::parse_path;

    use super::*;
    use crate::error::ScimType;
    use crate::schema::SchemaRegistry;

    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    fn kind_of(path: &str) -> Result<String, ScimError> {
        let registry = SchemaRegistry::rfc7643();
        let view = registry.view("User").unwrap();
        let path = parse_path(path).unwrap().into_owned();
        let target = resolve(&view, &path)?;
        let place = target.extension.map_or("top", |_| "ext");
        Ok(match target.kind {
            Kind::Extension => format!("{place} extension"),
            Kind::Attribute(a) => format!("{place} {}", a.name),
            Kind::Sub(a, s) => format!("{place} {}.{}", a.name, s.name),
            Kind::Elements(e) => format!(
                "{place} {}[{}]{}",
                e.attribute.name,
                e.filter.map_or(String::from("*"), |(f, _)| f.to_string()),
                e.sub.map_or(String::new(), |s| format!(".{}", s.name))
            ),
        })
    }

    #[test]
    fn rfc7644_s3_5_2_path_kinds_resolve_in_schema_spelling() {
        for (path, expected) in [
            ("TITLE", "top title"),
            ("name.GIVENNAME", "top name.givenName"),
            ("emails", "top emails"),
            ("emails.value", "top emails[*].value"),
            (r#"emails[type eq "work"]"#, r#"top emails[type eq "work"]"#),
            (
                r#"emails[type eq "work"].value"#,
                r#"top emails[type eq "work"].value"#,
            ),
            (
                "urn:ietf:params:scim:schemas:core:2.0:User:userName",
                "top userName",
            ),
            ("externalId", "top externalId"),
            (ENTERPRISE, "ext extension"),
            (&format!("{ENTERPRISE}:department"), "ext department"),
            (&format!("{ENTERPRISE}:manager.value"), "ext manager.value"),
        ] {
            assert_eq!(kind_of(path).unwrap(), expected, "{path}");
        }
    }

    #[test]
    fn paths_the_schema_does_not_have_are_invalid_path() {
        for path in [
            "nosuch",
            "title.sub",
            "name.nosuch",
            r#"name[givenName eq "x"]"#,
            r#"emails[nosuch eq "x"]"#,
            r#"emails[type eq "work"].nosuch"#,
            "urn:example:unknown:1.0:User:title",
            "urn:ietf:params:scim:schemas:core:2.0:Group:members",
            &format!("{ENTERPRISE}:nosuch"),
            &format!("{ENTERPRISE}:id"),
        ] {
            let err = kind_of(path).unwrap_err();
            assert_eq!(err.scim_type(), Some(ScimType::InvalidPath), "{path}");
        }
    }
}
