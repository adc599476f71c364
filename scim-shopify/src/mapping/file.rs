//! A [`MappingConfig`] written as JSON ([`MappingConfig::from_json`], which describes the
//! format): what an operator keeps in a file for a store (the example server's
//! `--mapping FILE`).

use serde::Deserialize;

use super::config::{CustomerField, MappingConfig, MetafieldSpec, Rule, TagTemplate, Target};
use super::error::MappingError;

/// The most bytes of mapping JSON read: a mapping is a few hundred bytes; this bounds a
/// wrong file given by mistake.
pub const MAX_MAPPING_BYTES: usize = 64 * 1024;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MappingFile {
    user_name: Option<MetafieldFile>,
    external_id: Option<MetafieldFile>,
    resource: Option<MetafieldFile>,
    inactive_tag: Option<String>,
    deleted_tag: Option<String>,
    inactive_metafield: Option<MetafieldFile>,
    group_tag_prefix: Option<String>,
    creation_tags: Option<Vec<String>>,
    rules: Option<Vec<RuleFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetafieldFile {
    namespace: String,
    key: String,
    #[serde(rename = "type")]
    kind: String,
}

impl From<MetafieldFile> for MetafieldSpec {
    fn from(file: MetafieldFile) -> Self {
        MetafieldSpec::new(file.namespace, file.key, file.kind)
    }
}

/// A rule: an attribute `path` and exactly one target (`field`, `metafield`), or a `tag`
/// template, which names its attribute itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    path: Option<String>,
    field: Option<CustomerField>,
    metafield: Option<MetafieldFile>,
    tag: Option<String>,
}

impl RuleFile {
    fn into_rule(self, index: usize) -> Result<Rule, MappingError> {
        let wrong = |reason: &str| MappingError::File(format!("rules[{index}]: {reason}"));
        match (self.path, self.field, self.metafield, self.tag) {
            (Some(path), Some(field), None, None) => Rule::new(&path, Target::Field(field)),
            (Some(path), None, Some(metafield), None) => {
                Rule::new(&path, Target::Metafield(metafield.into()))
            }
            (None, None, None, Some(template)) => Ok(Rule::tag(TagTemplate::parse(&template)?)),
            (Some(_), None, None, Some(_)) => Err(wrong(
                "a tag rule names its attribute in its template; leave `path` out",
            )),
            (None, _, _, None) => Err(wrong("`path` is missing")),
            _ => Err(wrong(
                "give exactly one of `field`, `metafield` (each with `path`) or `tag`",
            )),
        }
    }
}

impl MappingConfig {
    /// A mapping written as JSON, checked as [`check`](Self::check) does. Every member is
    /// optional and falls back to [`MappingConfig::default`]; `rules`, when given, replaces
    /// the default rules whole. Unknown members are refused, so a misspelt one is not
    /// silently ignored. Each rule is an attribute `path` with a customer `field`
    /// (`firstName`, `lastName`, `locale`, …) or a `metafield`, or a `tag` template, which
    /// names its attribute itself:
    ///
    /// ```json
    /// {
    ///   "creationTags": ["sso", "staff"],
    ///   "inactiveTag": "scim-inactive",
    ///   "deletedTag": "scim-deleted",
    ///   "groupTagPrefix": "team:",
    ///   "externalId": {"namespace": "scim", "key": "external_id", "type": "id"},
    ///   "resource": {"namespace": "scim", "key": "resource", "type": "json"},
    ///   "inactiveMetafield": {"namespace": "scim", "key": "active", "type": "boolean"},
    ///   "rules": [
    ///     {"path": "name.givenName", "field": "firstName"},
    ///     {"path": "name.familyName", "field": "lastName"},
    ///     {"path": "title", "metafield": {"namespace": "hr", "key": "title", "type": "single_line_text_field"}},
    ///     {"tag": "dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}"}
    ///   ]
    /// }
    /// ```
    ///
    /// ```
    /// use scim_shopify::mapping::{MappingConfig, MappingError};
    ///
    /// let config = MappingConfig::from_json(r#"{
    ///     "creationTags": ["sso"],
    ///     "rules": [
    ///         {"path": "name.givenName", "field": "firstName"},
    ///         {"tag": "dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}"}
    ///     ]
    /// }"#)?;
    /// assert_eq!(config.creation_tags, ["sso"]);
    /// assert_eq!(config.rules.len(), 2);
    /// assert_eq!(config.inactive_tag, "scim-inactive"); // the default
    ///
    /// let err = MappingConfig::from_json(r#"{"creationTag": ["sso"]}"#).unwrap_err();
    /// assert!(err.to_string().contains("creationTag"), "{err}");
    /// # Ok::<(), MappingError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`MappingError::File`] for text that is not the format (with the line and column),
    /// over [`MAX_MAPPING_BYTES`], or a rule without exactly one target; the other
    /// variants for a configuration [`check`](Self::check) refuses.
    pub fn from_json(text: &str) -> Result<MappingConfig, MappingError> {
        if text.len() > MAX_MAPPING_BYTES {
            return Err(MappingError::File(format!(
                "the mapping is over {MAX_MAPPING_BYTES} bytes"
            )));
        }
        let file: MappingFile =
            serde_json::from_str(text).map_err(|err| MappingError::File(err.to_string()))?;
        let mut config = MappingConfig::default();
        if let Some(spec) = file.user_name {
            config.user_name = spec.into();
        }
        if let Some(spec) = file.external_id {
            config.external_id = spec.into();
        }
        if let Some(spec) = file.resource {
            config.resource = spec.into();
        }
        if let Some(spec) = file.inactive_metafield {
            config.inactive_metafield = spec.into();
        }
        if let Some(tag) = file.inactive_tag {
            config.inactive_tag = tag;
        }
        if let Some(tag) = file.deleted_tag {
            config.deleted_tag = tag;
        }
        if let Some(prefix) = file.group_tag_prefix {
            config.group_tag_prefix = prefix;
        }
        if let Some(tags) = file.creation_tags {
            config.creation_tags = tags;
        }
        if let Some(rules) = file.rules {
            config.rules = rules
                .into_iter()
                .enumerate()
                .map(|(index, rule)| rule.into_rule(index))
                .collect::<Result<_, _>>()?;
        }
        config.check()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_object_is_the_default_mapping() {
        assert_eq!(
            MappingConfig::from_json("{}").unwrap(),
            MappingConfig::default()
        );
    }

    #[test]
    fn every_member_is_read() {
        let config = MappingConfig::from_json(
            r#"{
                "creationTags": ["sso", "staff"],
                "inactiveTag": "off",
                "deletedTag": "gone",
                "groupTagPrefix": "team:",
                "externalId": {"namespace": "idp", "key": "id", "type": "id"},
                "resource": {"namespace": "idp", "key": "user", "type": "json"},
                "inactiveMetafield": {"namespace": "idp", "key": "active", "type": "boolean"},
                "rules": [
                    {"path": "name.familyName", "field": "lastName"},
                    {"path": "title", "metafield": {"namespace": "idp", "key": "title", "type": "single_line_text_field"}},
                    {"tag": "dept:{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}"}
                ]
            }"#,
        )
        .unwrap();
        assert_eq!(config.creation_tags, ["sso", "staff"]);
        assert_eq!(
            (
                config.inactive_tag.as_str(),
                config.deleted_tag.as_str(),
                config.group_tag_prefix.as_str()
            ),
            ("off", "gone", "team:")
        );
        assert_eq!(config.external_id, MetafieldSpec::new("idp", "id", "id"));
        assert_eq!(config.resource, MetafieldSpec::new("idp", "user", "json"));
        assert_eq!(
            config.inactive_metafield,
            MetafieldSpec::new("idp", "active", "boolean")
        );
        assert_eq!(config.rules.len(), 3);
        assert_eq!(
            config.rules[0].target(),
            &Target::Field(CustomerField::LastName)
        );
        assert_eq!(
            config.rules[1].target(),
            &Target::Metafield(MetafieldSpec::new("idp", "title", "single_line_text_field"))
        );
        assert!(matches!(config.rules[2].target(), Target::Tag(_)));
        assert_eq!(config.rules[2].path().name(), "department");
    }

    #[test]
    fn malformed_mappings_say_where() {
        let refused = |text: &str| MappingConfig::from_json(text).unwrap_err().to_string();
        assert!(refused("[]").contains("line 1"), "{}", refused("[]"));
        assert!(refused(r#"{"rules": [{"path": "title", "field": "title"}]}"#).contains("title"));
        assert!(refused(r#"{"rules": [{"field": "firstName"}]}"#).contains("rules[0]"));
        assert!(
            refused(r#"{"rules": [{"path": "x", "field": "note", "tag": "a:{x}"}]}"#)
                .contains("exactly one")
        );
        assert!(refused(r#"{"rules": [{"path": "x", "tag": "a:{x}"}]}"#).contains("template"));
        assert!(
            refused(r#"{"externalId": {"namespace": "a", "key": "b"}}"#).contains("type"),
            "{}",
            refused(r#"{"externalId": {"namespace": "a", "key": "b"}}"#)
        );
        assert!(
            refused(&format!("{{\"x\": \"{}\"}}", "a".repeat(MAX_MAPPING_BYTES))).contains("bytes")
        );
    }

    #[test]
    fn a_mapping_the_check_refuses_is_refused() {
        // Two rules writing one field.
        let err = MappingConfig::from_json(
            r#"{"rules": [{"path": "name.givenName", "field": "firstName"},
                          {"path": "nickName", "field": "firstName"}]}"#,
        )
        .unwrap_err();
        assert!(matches!(err, MappingError::Conflict(_)), "{err}");
        // The deleted tag may not be the inactive one.
        let err = MappingConfig::from_json(r#"{"deletedTag": "scim-inactive"}"#).unwrap_err();
        assert!(matches!(err, MappingError::Conflict(_)), "{err}");
    }
}
