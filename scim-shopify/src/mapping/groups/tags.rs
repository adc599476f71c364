//! Groups as tags: a member of a SCIM Group carries the tag `prefix + display name`; how a
//! rename or a delete moves those tags, and the search that finds a group's members.

use crate::mapping::config::MappingConfig;
use crate::mapping::error::MappingError;
use crate::mapping::search::{Comparator, SearchExpr, SearchField};
use crate::mapping::tags::{has_prefix, sanitize_tag, tag_eq};

/// The membership tag of the group named `display_name`: the prefix and the name,
/// sanitised. Two groups whose names differ only in case, commas or beyond 255 characters
/// get the same tag (Shopify compares tags case-insensitively); the store should refuse the
/// second as a `uniqueness` conflict.
///
/// ```
/// use scim_shopify::mapping::{MappingConfig, group_tag};
///
/// let config = MappingConfig::default();
/// assert_eq!(group_tag(&config, "Sales, EMEA")?, "scim-group:Sales EMEA");
/// assert!(group_tag(&config, " , ").is_err());
/// # Ok::<(), scim_shopify::mapping::MappingError>(())
/// ```
pub fn group_tag(config: &MappingConfig, display_name: &str) -> Result<String, MappingError> {
    let name = sanitize_tag(display_name);
    if name.is_empty() {
        return Err(MappingError::EmptyGroupTag(display_name.to_owned()));
    }
    let tag = sanitize_tag(&format!("{}{name}", config.group_tag_prefix));
    if tag.chars().count() <= config.group_tag_prefix.trim().chars().count() {
        return Err(MappingError::EmptyGroupTag(display_name.to_owned()));
    }
    Ok(tag)
}

/// Whether `tag` is a group membership tag under `config` (its prefix, compared
/// case-insensitively, and something after it).
pub fn is_group_tag(config: &MappingConfig, tag: &str) -> bool {
    has_prefix(&config.group_tag_prefix, tag)
}

/// The `customers(query:)` search for the customers carrying `tag` (a group's members):
/// `tag:"<tag>"`, quoted when printed so that no group name can change the query (see
/// [`SearchExpr`]).
///
/// ```
/// use scim_shopify::mapping::members_query;
///
/// assert_eq!(
///     members_query("scim-group:R&D (Paris)").to_string(),
///     r#"tag:"scim-group:R&D (Paris)""#,
/// );
/// ```
pub fn members_query(tag: &str) -> SearchExpr {
    SearchExpr::term(SearchField::Tag, Comparator::Equal, tag)
}

/// One step of changing every member's tags, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagStep {
    /// `tagsAdd` this tag to every member.
    Add(String),
    /// `tagsRemove` this tag from every member.
    Remove(String),
}

/// The tag changes, in order, when a group is renamed from `old_name` to `new_name`. Empty
/// when the tag does not change. The new tag is added before the old one is removed, so a
/// member never lacks the group's tag meanwhile; when the tags differ only in case (one
/// tag to Shopify) the old one is removed first, or the add would do nothing.
///
/// ```
/// use scim_shopify::mapping::{MappingConfig, TagStep, group_rename_plan};
///
/// let config = MappingConfig::default();
/// assert_eq!(group_rename_plan(&config, "Sales", "Revenue")?, vec![
///     TagStep::Add("scim-group:Revenue".into()),
///     TagStep::Remove("scim-group:Sales".into()),
/// ]);
/// assert_eq!(group_rename_plan(&config, "sales", "Sales")?, vec![
///     TagStep::Remove("scim-group:sales".into()),
///     TagStep::Add("scim-group:Sales".into()),
/// ]);
/// assert!(group_rename_plan(&config, "Sales", "Sales ")?.is_empty());
/// # Ok::<(), scim_shopify::mapping::MappingError>(())
/// ```
pub fn group_rename_plan(
    config: &MappingConfig,
    old_name: &str,
    new_name: &str,
) -> Result<Vec<TagStep>, MappingError> {
    let old = group_tag(config, old_name)?;
    let new = group_tag(config, new_name)?;
    Ok(if old == new {
        Vec::new()
    } else if tag_eq(&old, &new) {
        vec![TagStep::Remove(old), TagStep::Add(new)]
    } else {
        vec![TagStep::Add(new), TagStep::Remove(old)]
    })
}

/// The tag changes when the group named `name` is deleted: its tag removed from every
/// member.
///
/// ```
/// use scim_shopify::mapping::{MappingConfig, TagStep, group_delete_plan};
///
/// assert_eq!(group_delete_plan(&MappingConfig::default(), "Sales")?,
///            vec![TagStep::Remove("scim-group:Sales".into())]);
/// # Ok::<(), scim_shopify::mapping::MappingError>(())
/// ```
pub fn group_delete_plan(config: &MappingConfig, name: &str) -> Result<Vec<TagStep>, MappingError> {
    Ok(vec![TagStep::Remove(group_tag(config, name)?)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::tags::MAX_TAG_CHARS;

    #[test]
    fn group_tags_are_recognised() {
        let config = MappingConfig::default();
        assert!(is_group_tag(&config, "SCIM-GROUP:Sales"));
        assert!(!is_group_tag(&config, "scim-group:"));
        assert!(!is_group_tag(&config, "vip"));
        assert!(!is_group_tag(&config, "scim-grou\u{e9}"));
    }

    #[test]
    fn long_names_are_cut_to_the_limit() {
        let config = MappingConfig::default();
        let tag = group_tag(&config, &"x".repeat(400)).unwrap();
        assert_eq!(tag.chars().count(), MAX_TAG_CHARS);
        assert!(tag.starts_with("scim-group:"));
    }
}
