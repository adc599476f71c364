//! SCIM Groups (RFC 7643 §4.2) kept in Shopify: each group is a metaobject of the app's type
//! `$app:scim_group` (fields `display_name`, `external_id`), and membership is the customer
//! tag [`group_tag`] (the configured prefix and the display name), so merchants can segment,
//! discount and gate content on it.
//!
//! What each operation sends, and the consistency it gives: see the [store](super)
//! documentation.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use scim_core::ScimError;
use scim_core::patch::{PatchRequest, apply};
use scim_core::query::{ListQuery, Page, select};
use scim_core::resource::{Meta, Resource, Version, format_date_time, parse_date_time};
use scim_core::schema::ResourceView;
use scim_core::store::{StoreError, Stored};
use scim_filter::GROUP_SCHEMA;
use serde_json::{Value, json};

use super::group_members::{MemberDiff, group_handle, member_ids, mentioned_ids, not_a_user};
use super::{FIRST_PAGE, ShopifyStore, check_version, convert, not_found};
use crate::client::operations::{
    CustomerNodes, GroupMembers, GroupMembersVariables, GroupTagRecase, GroupTagSwap,
    MAX_MEMBERS_PER_PAGE, MAX_METAOBJECTS_PER_PAGE, MAX_NODES, MemberNode, Metaobject,
    MetaobjectByHandle, MetaobjectByHandleVariables, MetaobjectById, MetaobjectCreate,
    MetaobjectCreateInput, MetaobjectCreateVariables, MetaobjectDefinitionByType,
    MetaobjectDefinitionCreate, MetaobjectDefinitionCreateVariables, MetaobjectDefinitionInput,
    MetaobjectDelete, MetaobjectFieldDefinition, MetaobjectFieldInput, MetaobjectHandle,
    MetaobjectIdVariables, MetaobjectTypeVariables, MetaobjectUpdate, MetaobjectUpdateInput,
    MetaobjectUpdateVariables, Metaobjects, MetaobjectsVariables, NodesVariables, TagSwapVariables,
    TagsAdd, TagsRemove, TagsVariables, UserError,
};
use crate::mapping::{
    CUSTOMER_GID_PREFIX, Customer, GroupRef, TagStep, customer_gid, group_rename_plan, group_tag,
    is_group_tag, members_query,
};

/// The metaobject type of SCIM groups (`$app:` makes it the app's own).
///
/// ```
/// assert_eq!(scim_shopify::store::GROUP_TYPE, "$app:scim_group");
/// ```
pub const GROUP_TYPE: &str = "$app:scim_group";
/// The field holding a group's `displayName` (the entries' display name in the admin).
///
/// ```
/// assert_eq!(scim_shopify::store::DISPLAY_NAME_FIELD, "display_name");
/// ```
pub const DISPLAY_NAME_FIELD: &str = "display_name";
/// The field holding a group's `externalId`.
///
/// ```
/// assert_eq!(scim_shopify::store::EXTERNAL_ID_FIELD, "external_id");
/// ```
pub const EXTERNAL_ID_FIELD: &str = "external_id";
/// The least time between two re-reads of the groups caused by an unknown group tag.
///
/// ```
/// assert_eq!(scim_shopify::store::MISS_REFRESH.as_secs(), 10);
/// ```
pub const MISS_REFRESH: Duration = Duration::from_secs(10);

/// The most groups the cache behind Users' `groups` reads (a User read is not refused for
/// the store's list cap, which bounds what one list examines).
///
/// ```
/// assert!(scim_shopify::store::MAX_CACHED_GROUPS > scim_shopify::store::DEFAULT_LIST_CAP);
/// ```
pub const MAX_CACHED_GROUPS: usize = 10_000;

const METAOBJECT_GID_PREFIX: &str = "gid://shopify/Metaobject/";

/// The group state a [`ShopifyStore`] keeps: whether the definition is known to exist, and
/// the cache of groups that answers Users' `groups`.
#[derive(Debug, Default)]
pub(crate) struct GroupState {
    definition_ready: AtomicBool,
    cache: Mutex<GroupCache>,
}

#[derive(Debug, Default)]
struct GroupCache {
    groups: Option<Vec<Group>>,
    refreshed: Option<Instant>,
}

/// A group as its metaobject holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    gid: String,
    id: String,
    display_name: String,
    external_id: Option<String>,
    /// `None` for a name that makes no tag (an entry made outside SCIM).
    tag: Option<String>,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
}

/// A member as a group lists it.
#[derive(Debug, Clone, PartialEq)]
struct Member {
    id: String,
    display: String,
}

impl Member {
    fn from_node(node: &MemberNode) -> Option<Member> {
        let id = node.id.strip_prefix(CUSTOMER_GID_PREFIX)?;
        Some(Member {
            id: id.to_owned(),
            display: node.display_name.clone(),
        })
    }
}

/// The groups a set of customers' tags name, for [`crate::mapping::customer_to_user`].
#[derive(Debug, Default)]
pub(crate) struct GroupIndex(Vec<Group>);

impl GroupIndex {
    /// The group whose tag is `tag`.
    pub(crate) fn lookup(&self, tag: &str) -> Option<GroupRef> {
        self.0
            .iter()
            .find(|g| g.tag.as_deref().is_some_and(|t| same_tag(t, tag)))
            .map(|g| GroupRef {
                id: g.id.clone(),
                display: g.display_name.clone(),
            })
    }
}

/// The group id a filter requires (`id eq "7"`, alone or in an `and`), if any.
fn id_term(filter: &scim_filter::Filter<'_>) -> Option<String> {
    use scim_filter::{CompValue, CompareOp, Filter};
    match filter {
        Filter::Compare {
            path,
            op: CompareOp::Equal,
            value: CompValue::String(id),
        } if path.name().eq_ignore_ascii_case("id") && path.sub_attr().is_none() => {
            Some(id.to_string())
        }
        Filter::And(terms) => terms.iter().find_map(id_term),
        _ => None,
    }
}

/// Whether a list's answer shows `members` (RFC 7644 §3.4.2.5): not when the client
/// excluded them (as Okta and Entra do) or asked for other attributes only, so those
/// lists cost no member search.
fn returns_members(query: &ListQuery) -> bool {
    let names_members =
        |path: &scim_filter::AttrPath<'_>| path.name().eq_ignore_ascii_case("members");
    !query.excluded_attributes.iter().any(names_members)
        && (query.attributes.is_empty() || query.attributes.iter().any(names_members))
}

/// Whether Shopify takes two tags for one (case-insensitive, surrounding spaces ignored).
fn same_tag(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A failed metaobject write: a taken handle is a group with the same tag (409), anything
/// else a refused value (400).
fn metaobject_errors(errors: &[UserError], display_name: &str) -> StoreError {
    if errors
        .iter()
        .any(|e| e.code.as_deref() == Some("TAKEN") || e.message.contains("taken"))
    {
        return ScimError::uniqueness(format!(
            "a group whose membership tag is the same as \"{display_name}\"'s already exists"
        ))
        .into();
    }
    let detail = errors
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join("; ");
    ScimError::invalid_value(format!("Shopify refused the group: {detail}")).into()
}

impl ShopifyStore {
    fn group_from(&self, m: &Metaobject) -> Result<Group, StoreError> {
        let id =
            m.id.strip_prefix(METAOBJECT_GID_PREFIX)
                .ok_or_else(|| StoreError::backend("reading a group", "not a metaobject id"))?;
        let instant = |text: &str| {
            parse_date_time(text).ok_or_else(|| {
                StoreError::backend(format!("reading the group {}", m.id), "a bad timestamp")
            })
        };
        let display_name = m.field(DISPLAY_NAME_FIELD).unwrap_or_default().to_owned();
        Ok(Group {
            gid: m.id.clone(),
            id: id.to_owned(),
            tag: group_tag(&self.config, &display_name).ok(),
            display_name,
            external_id: m
                .field(EXTERNAL_ID_FIELD)
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
            created: instant(&m.created_at)?,
            updated: instant(&m.updated_at)?,
        })
    }

    /// The group as SCIM shows it, with `members` when they were read.
    fn group_stored(&self, group: &Group, members: Option<&[Member]>) -> Stored {
        let mut resource = json!({
            "schemas": [GROUP_SCHEMA],
            "displayName": group.display_name,
        });
        if let Some(external) = &group.external_id {
            resource["externalId"] = json!(external);
        }
        if let Some(members) = members.filter(|m| !m.is_empty()) {
            resource["members"] = members
                .iter()
                .map(|m| json!({"value": m.id, "display": m.display, "type": "User"}))
                .collect();
        }
        let meta = Meta {
            resource_type: "Group".into(),
            created: group.created,
            last_modified: group.updated,
            location: None,
            version: Some(Version::new(format_date_time(&group.updated))),
        };
        let Value::Object(map) = resource else {
            unreachable!("a JSON object literal")
        };
        Stored::new(group.id.clone(), meta, Resource::from_map(map))
    }

    /// Makes sure the `$app:scim_group` definition exists (looked up once per store).
    async fn ensure_definition(&self) -> Result<(), StoreError> {
        if self.groups.definition_ready.load(Ordering::Acquire) {
            return Ok(());
        }
        let found = self
            .client
            .execute::<MetaobjectDefinitionByType>(&MetaobjectTypeVariables {
                r#type: GROUP_TYPE.to_owned(),
            })
            .await
            .map_err(|e| convert::backend("looking the group definition up", e))?;
        if found.data.metaobject_definition_by_type.is_none() {
            let text = |key: &str, name: &str, required| MetaobjectFieldDefinition {
                key: key.to_owned(),
                name: name.to_owned(),
                r#type: "single_line_text_field".to_owned(),
                required,
            };
            let created = self
                .client
                .execute::<MetaobjectDefinitionCreate>(&MetaobjectDefinitionCreateVariables {
                    definition: MetaobjectDefinitionInput {
                        r#type: GROUP_TYPE.to_owned(),
                        name: "SCIM group".to_owned(),
                        display_name_key: Some(DISPLAY_NAME_FIELD.to_owned()),
                        field_definitions: vec![
                            text(DISPLAY_NAME_FIELD, "Display name", true),
                            text(EXTERNAL_ID_FIELD, "External id", false),
                        ],
                    },
                })
                .await
                .map_err(|e| convert::backend("creating the group definition", e))?;
            let errors = created.data.metaobject_definition_create.user_errors;
            // Another process created it meanwhile: "Type has already been taken".
            if !errors.is_empty() && !errors.iter().any(|e| e.code.as_deref() == Some("TAKEN")) {
                let detail = errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>();
                return Err(StoreError::backend(
                    "creating the group definition",
                    detail.join("; "),
                ));
            }
        }
        self.groups.definition_ready.store(true, Ordering::Release);
        Ok(())
    }

    /// Every group, paged; 400 `tooMany` past `cap`. Refreshes the cache.
    async fn all_groups(&self, cap: usize) -> Result<Vec<Group>, StoreError> {
        let mut groups = Vec::new();
        let mut after = None;
        let mut page_size = FIRST_PAGE;
        loop {
            let room = cap.saturating_sub(groups.len()) + 1;
            let first = u32::try_from(room).unwrap_or(u32::MAX).min(page_size);
            page_size = page_size.saturating_mul(2).min(MAX_METAOBJECTS_PER_PAGE);
            let answer = self
                .client
                .execute::<Metaobjects>(&MetaobjectsVariables {
                    r#type: GROUP_TYPE.to_owned(),
                    first,
                    after: after.take(),
                })
                .await
                .map_err(|e| convert::backend("listing groups", e))?;
            let page = answer.data.metaobjects;
            for m in &page.nodes {
                groups.push(self.group_from(m)?);
            }
            if groups.len() > cap {
                return Err(ScimError::too_many(format!(
                    "there are more than {cap} groups to examine"
                ))
                .into());
            }
            match page.page_info.end_cursor {
                Some(cursor) if page.page_info.has_next_page => after = Some(cursor),
                _ => break,
            }
        }
        let mut cache = self.cache();
        cache.groups = Some(groups.clone());
        cache.refreshed = Some(Instant::now());
        Ok(groups)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, GroupCache> {
        self.groups.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records a group write in the cache (`None` removes the group `gid`).
    fn cache_put(&self, gid: &str, group: Option<Group>) {
        let mut cache = self.cache();
        if let Some(groups) = cache.groups.as_mut() {
            groups.retain(|g| g.gid != gid);
            groups.extend(group);
        }
    }

    /// The groups that the group tags of `customers` name (no call when none carries one).
    pub(crate) async fn group_index(
        &self,
        customers: &[&Customer],
    ) -> Result<GroupIndex, StoreError> {
        let tags: Vec<&String> = customers
            .iter()
            .flat_map(|c| &c.tags)
            .filter(|t| is_group_tag(&self.config, t))
            .collect();
        if tags.is_empty() {
            return Ok(GroupIndex::default());
        }
        let (cached, refreshed) = {
            let cache = self.cache();
            (cache.groups.clone(), cache.refreshed)
        };
        let knows_all = |groups: &[Group]| {
            tags.iter().all(|tag| {
                groups
                    .iter()
                    .any(|g| g.tag.as_deref().is_some_and(|t| same_tag(t, tag)))
            })
        };
        let groups = match cached {
            Some(groups) if knows_all(&groups) => groups,
            Some(groups) if refreshed.is_some_and(|at| at.elapsed() < MISS_REFRESH) => groups,
            _ => self.all_groups(MAX_CACHED_GROUPS).await?,
        };
        Ok(GroupIndex(groups))
    }

    /// The group a SCIM `id` names, or 404.
    async fn read_group(&self, id: &str) -> Result<Group, StoreError> {
        // Group ids are the numeric part of the metaobject gid.
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_found(id).into());
        }
        let answer = self
            .client
            .execute::<MetaobjectById>(&MetaobjectIdVariables {
                id: format!("{METAOBJECT_GID_PREFIX}{id}"),
            })
            .await
            .map_err(|e| convert::backend("reading a group", e))?;
        match answer.data.metaobject {
            // `$app:scim_group` resolves to `app--<app id>--scim_group`.
            Some(m) if m.r#type.starts_with("app--") && m.r#type.ends_with("--scim_group") => {
                self.group_from(&m)
            }
            _ => Err(not_found(id).into()),
        }
    }

    /// The customers the search finds with `tag` (and still carrying it); 400 `tooMany`
    /// past the list cap.
    async fn search_members(&self, tag: &str) -> Result<Vec<Member>, StoreError> {
        let mut members = Vec::new();
        let mut after = None;
        let mut page_size = FIRST_PAGE;
        loop {
            let room = self.list_cap.saturating_sub(members.len()) + 1;
            let first = u32::try_from(room).unwrap_or(u32::MAX).min(page_size);
            page_size = page_size.saturating_mul(2).min(MAX_MEMBERS_PER_PAGE);
            let answer = self
                .client
                .execute::<GroupMembers>(&GroupMembersVariables {
                    query: members_query(tag),
                    first,
                    after: after.take(),
                })
                .await
                .map_err(|e| convert::backend("searching a group's members", e))?;
            let page = answer.data.customers;
            members.extend(
                page.nodes
                    .iter()
                    .filter(|n| n.tags.iter().any(|t| same_tag(t, tag)))
                    .filter_map(Member::from_node),
            );
            if members.len() > self.list_cap {
                return Err(ScimError::too_many(format!(
                    "the group has more than {} members to read; read it with \
                     excludedAttributes=members",
                    self.list_cap
                ))
                .into());
            }
            match page.page_info.end_cursor {
                Some(cursor) if page.page_info.has_next_page => after = Some(cursor),
                _ => return Ok(members),
            }
        }
    }

    async fn members_of(&self, group: &Group) -> Result<Vec<Member>, StoreError> {
        match &group.tag {
            Some(tag) => self.search_members(tag).await,
            None => Ok(Vec::new()),
        }
    }

    /// The customers among `ids` (SCIM ids), read directly, by id.
    async fn customer_nodes(
        &self,
        ids: &[String],
    ) -> Result<HashMap<String, MemberNode>, StoreError> {
        let mut found = HashMap::new();
        for chunk in ids.chunks(MAX_NODES) {
            let gids: Vec<String> = chunk.iter().filter_map(|id| customer_gid(id)).collect();
            let answer = self
                .client
                .execute::<CustomerNodes>(&NodesVariables { ids: gids })
                .await
                .map_err(|e| convert::backend("reading group members", e))?;
            for node in answer.data.nodes.iter().flatten() {
                if let Some(customer) = node.customer()
                    && let Some(member) = Member::from_node(&customer)
                {
                    found.insert(member.id, customer);
                }
            }
        }
        Ok(found)
    }

    async fn change_tag(&self, id: &str, tag: &str, add: bool) -> Result<(), StoreError> {
        let variables = TagsVariables {
            id: customer_gid(id).unwrap_or_default(),
            tags: vec![tag.to_owned()],
        };
        let errors = if add {
            let answer = self.client.execute::<TagsAdd>(&variables).await;
            answer
                .map_err(|e| convert::backend("adding a group tag", e))?
                .data
                .tags_add
                .user_errors
        } else {
            let answer = self.client.execute::<TagsRemove>(&variables).await;
            answer
                .map_err(|e| convert::backend("removing a group tag", e))?
                .data
                .tags_remove
                .user_errors
        };
        if errors.is_empty() {
            Ok(())
        } else {
            Err(convert::user_errors(&errors))
        }
    }

    /// Moves a member from the `old` tag to the `new` one in one request.
    async fn swap_tag(&self, id: &str, steps: &[TagStep]) -> Result<(), StoreError> {
        let (mut add, mut remove) = (Vec::new(), Vec::new());
        for step in steps {
            match step {
                TagStep::Add(tag) => add.push(tag.clone()),
                TagStep::Remove(tag) => remove.push(tag.clone()),
            }
        }
        let variables = TagSwapVariables {
            id: customer_gid(id).unwrap_or_default(),
            add,
            remove,
        };
        let recase = matches!(steps.first(), Some(TagStep::Remove(_)));
        let answer = if recase {
            self.client.execute::<GroupTagRecase>(&variables).await
        } else {
            self.client.execute::<GroupTagSwap>(&variables).await
        }
        .map_err(|e| convert::backend("renaming a group tag", e))?;
        let errors = answer.data.user_errors();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(convert::user_errors(&errors))
        }
    }

    /// The display name and external id a Group resource asks for.
    fn names(&self, resource: &Resource) -> Result<(String, Option<String>, String), StoreError> {
        let display_name = resource
            .get("displayName")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ScimError::invalid_value("a Group needs a displayName"))?
            .to_owned();
        let tag = group_tag(&self.config, &display_name)
            .map_err(|e| ScimError::invalid_value(e.to_string()))?;
        let external_id = resource
            .get("externalId")
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        Ok((display_name, external_id, tag))
    }

    /// POST /Groups (RFC 7644 §3.3).
    pub(crate) async fn create_group(&self, resource: Resource) -> Result<Stored, StoreError> {
        let (display_name, external_id, tag) = self.names(&resource)?;
        let ids = member_ids(&resource)?;
        // Nothing is written until every member is known to be a customer.
        let nodes = self.customer_nodes(&ids).await?;
        if let Some(missing) = ids.iter().find(|id| !nodes.contains_key(*id)) {
            return Err(not_a_user(missing).into());
        }
        self.ensure_definition().await?;
        let mut fields = vec![MetaobjectFieldInput {
            key: DISPLAY_NAME_FIELD.to_owned(),
            value: display_name.clone(),
        }];
        if let Some(external) = &external_id {
            fields.push(MetaobjectFieldInput {
                key: EXTERNAL_ID_FIELD.to_owned(),
                value: external.clone(),
            });
        }
        let answer = self
            .client
            .execute::<MetaobjectCreate>(&MetaobjectCreateVariables {
                metaobject: MetaobjectCreateInput {
                    r#type: GROUP_TYPE.to_owned(),
                    handle: Some(group_handle(&display_name, &tag)),
                    fields,
                },
            })
            .await
            .map_err(|e| convert::backend("creating a group", e))?;
        let payload = answer.data.metaobject_create;
        if !payload.user_errors.is_empty() {
            return Err(metaobject_errors(&payload.user_errors, &display_name));
        }
        let created = payload.metaobject.ok_or_else(|| {
            StoreError::backend("creating a group", "metaobjectCreate answered nothing")
        })?;
        let group = self.group_from(&created)?;
        self.cache_put(&group.gid, Some(group.clone()));
        for id in &ids {
            self.change_tag(id, &tag, true).await?;
        }
        let members: Vec<Member> = ids
            .iter()
            .filter_map(|id| nodes.get(id).and_then(Member::from_node))
            .collect();
        Ok(self.group_stored(&group, Some(&members)))
    }

    /// GET /Groups/{id}.
    pub(crate) async fn get_group(&self, id: &str) -> Result<Stored, StoreError> {
        let group = self.read_group(id).await?;
        let members = self.members_of(&group).await?;
        Ok(self.group_stored(&group, Some(&members)))
    }

    /// PUT /Groups/{id} (RFC 7644 §3.5.1): `members` replaced as a whole (absent: none).
    pub(crate) async fn replace_group(
        &self,
        id: &str,
        resource: Resource,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let group = self.read_group(id).await?;
        check_version(&self.group_stored(&group, None), expected)?;
        let current = self.members_of(&group).await?;
        self.write_group(group, current, HashMap::new(), &resource)
            .await
    }

    /// PATCH /Groups/{id} (RFC 7644 §3.5.2), applied to the group and its members, the
    /// members the request names read directly.
    pub(crate) async fn patch_group(
        &self,
        view: &ResourceView<'_>,
        id: &str,
        request: &PatchRequest,
        expected: Option<&Version>,
    ) -> Result<Stored, StoreError> {
        let group = self.read_group(id).await?;
        check_version(&self.group_stored(&group, None), expected)?;
        let mut current = self.members_of(&group).await?;
        let named = self.customer_nodes(&mentioned_ids(request)).await?;
        if let Some(tag) = &group.tag {
            // The search lags: what the named customers' own tags say wins.
            for (id, node) in &named {
                let tagged = node.tags.iter().any(|t| same_tag(t, tag));
                let listed = current.iter().any(|m| &m.id == id);
                if tagged && !listed {
                    current.extend(Member::from_node(node));
                } else if !tagged && listed {
                    current.retain(|m| &m.id != id);
                }
            }
        }
        let stored = self.group_stored(&group, Some(&current));
        let patched = apply(view, request, stored.to_resource(None))?;
        if !patched.changed {
            return Ok(stored);
        }
        self.write_group(group, current, named, &patched.resource)
            .await
    }

    /// Writes `resource` over `group` whose members are `current`: on a rename, 409 first
    /// when another group has the new name's handle; then the members' tags; then the
    /// metaobject (which moves the version).
    async fn write_group(
        &self,
        group: Group,
        current: Vec<Member>,
        mut known: HashMap<String, MemberNode>,
        resource: &Resource,
    ) -> Result<Stored, StoreError> {
        let (display_name, external_id, tag) = self.names(resource)?;
        let wanted = member_ids(resource)?;
        let current_ids: Vec<String> = current.iter().map(|m| m.id.clone()).collect();
        let diff = MemberDiff::between(&current_ids, &wanted);
        let unknown: Vec<String> = diff
            .added
            .iter()
            .filter(|id| !known.contains_key(*id))
            .cloned()
            .collect();
        known.extend(self.customer_nodes(&unknown).await?);
        if let Some(missing) = diff.added.iter().find(|id| !known.contains_key(*id)) {
            return Err(not_a_user(missing).into());
        }
        let old_tag = group.tag.clone();
        let renamed = old_tag.as_deref() != Some(tag.as_str());
        let handle = renamed.then(|| group_handle(&display_name, &tag));
        if let Some(handle) = &handle {
            self.check_handle_free(handle, &group.gid, &display_name)
                .await?;
        }
        let plan = |from: &str, to: &str| match &old_tag {
            Some(_) if renamed => group_rename_plan(&self.config, from, to)
                .map_err(|e| StoreError::from(ScimError::invalid_value(e.to_string()))),
            _ => Ok(Vec::new()),
        };
        let rename = plan(&group.display_name, &display_name)?;
        // The tags first: a write that fails part way leaves the group under its old name,
        // and sending the request again finishes the move.
        self.move_members(&diff, &rename, Some(&tag), old_tag.as_deref())
            .await?;
        let answer = self
            .client
            .execute::<MetaobjectUpdate>(&MetaobjectUpdateVariables {
                id: group.gid.clone(),
                metaobject: MetaobjectUpdateInput {
                    handle,
                    fields: vec![
                        MetaobjectFieldInput {
                            key: DISPLAY_NAME_FIELD.to_owned(),
                            value: display_name.clone(),
                        },
                        MetaobjectFieldInput {
                            key: EXTERNAL_ID_FIELD.to_owned(),
                            value: external_id.clone().unwrap_or_default(),
                        },
                    ],
                },
            })
            .await
            .map_err(|e| convert::backend("updating a group", e))?;
        let payload = answer.data.metaobject_update;
        if !payload.user_errors.is_empty() {
            // Another group took the name since the check: put the members back.
            let back = MemberDiff {
                added: diff.removed.clone(),
                kept: diff.kept.clone(),
                removed: diff.added.clone(),
            };
            let undo = plan(&display_name, &group.display_name)?;
            if let Err(err) = self
                .move_members(&back, &undo, old_tag.as_deref(), Some(&tag))
                .await
            {
                tracing::warn!(group = %group.gid, error = %err, "restoring the members' tags failed");
            }
            return Err(metaobject_errors(&payload.user_errors, &display_name));
        }
        let updated = payload.metaobject.ok_or_else(|| {
            StoreError::backend("updating a group", "metaobjectUpdate answered nothing")
        })?;
        let updated = self.group_from(&updated)?;
        self.cache_put(&updated.gid, Some(updated.clone()));
        let members: Vec<Member> = wanted
            .iter()
            .filter_map(|id| {
                current
                    .iter()
                    .find(|m| &m.id == id)
                    .cloned()
                    .or_else(|| known.get(id).and_then(Member::from_node))
            })
            .collect();
        Ok(self.group_stored(&updated, Some(&members)))
    }

    /// 409 `uniqueness` when another group holds `handle` (its tag is the same as the new
    /// name's).
    async fn check_handle_free(
        &self,
        handle: &str,
        gid: &str,
        display_name: &str,
    ) -> Result<(), StoreError> {
        let answer = self
            .client
            .execute::<MetaobjectByHandle>(&MetaobjectByHandleVariables {
                handle: MetaobjectHandle {
                    r#type: GROUP_TYPE.to_owned(),
                    handle: handle.to_owned(),
                },
            })
            .await
            .map_err(|e| convert::backend("looking a group up by handle", e))?;
        match answer.data.metaobject_by_handle {
            Some(other) if other.id != gid => Err(ScimError::uniqueness(format!(
                "a group whose membership tag is the same as \"{display_name}\"'s already exists"
            ))
            .into()),
            _ => Ok(()),
        }
    }

    /// The tag changes of a member diff: `kept` members follow the rename `steps` (one
    /// request each), `added` ones get `join`, `removed` ones lose `leave`.
    async fn move_members(
        &self,
        diff: &MemberDiff,
        steps: &[TagStep],
        join: Option<&str>,
        leave: Option<&str>,
    ) -> Result<(), StoreError> {
        if !steps.is_empty() {
            for id in &diff.kept {
                self.swap_tag(id, steps).await?;
            }
        }
        if let Some(tag) = join {
            for id in &diff.added {
                self.change_tag(id, tag, true).await?;
            }
        }
        if let Some(tag) = leave {
            for id in &diff.removed {
                self.change_tag(id, tag, false).await?;
            }
        }
        Ok(())
    }

    /// DELETE /Groups/{id} (RFC 7644 §3.6): the tag off every member, then the metaobject.
    pub(crate) async fn delete_group(
        &self,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError> {
        let group = self.read_group(id).await?;
        check_version(&self.group_stored(&group, None), expected)?;
        if let Some(tag) = &group.tag {
            for member in self.search_members(tag).await? {
                self.change_tag(&member.id, tag, false).await?;
            }
        }
        let answer = self
            .client
            .execute::<MetaobjectDelete>(&MetaobjectIdVariables {
                id: group.gid.clone(),
            })
            .await
            .map_err(|e| convert::backend("deleting a group", e))?;
        let payload = answer.data.metaobject_delete;
        self.cache_put(&group.gid, None);
        if payload.deleted_id.is_none() {
            return Err(not_found(id).into());
        }
        Ok(())
    }

    /// GET /Groups (RFC 7644 §3.4.2): every group, the query evaluated in memory.
    pub(crate) async fn list_groups(
        &self,
        view: &ResourceView<'_>,
        query: &ListQuery,
    ) -> Result<Page<Stored>, StoreError> {
        // `id eq "..."` (Entra's membership check) reads that group alone.
        let groups = match query.filter.as_ref().and_then(id_term) {
            Some(id) => match self.read_group(&id).await {
                Ok(group) => vec![group],
                Err(StoreError::Scim(err)) if err.status() == http::StatusCode::NOT_FOUND => {
                    Vec::new()
                }
                Err(err) => return Err(err),
            },
            None => self.all_groups(self.list_cap).await?,
        };
        let by_members = query
            .filter
            .as_ref()
            .is_some_and(|f| f.to_string().to_lowercase().contains("members"));
        let mut resources = Vec::new();
        for group in &groups {
            let members = match by_members {
                true => Some(self.members_of(group).await?),
                false => None,
            };
            resources.push(
                self.group_stored(group, members.as_deref())
                    .into_resource(None),
            );
        }
        let Page {
            total_results,
            start_index,
            next_cursor,
            previous_cursor,
            resources,
        } = select(view, resources, query)?;
        let returned = returns_members(query);
        let mut page = Vec::new();
        for resource in resources {
            let id = resource.id().unwrap_or_default();
            let group = groups
                .iter()
                .find(|g| g.id == id)
                .ok_or_else(|| StoreError::backend("listing groups", "a group went missing"))?;
            let members = match returned {
                true => Some(self.members_of(group).await?),
                false => None,
            };
            page.push(self.group_stored(group, members.as_deref()));
        }
        Ok(Page {
            total_results,
            start_index,
            next_cursor,
            previous_cursor,
            resources: page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_core::query::QueryLimits;

    fn query(pairs: &[(&str, &str)]) -> ListQuery {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ListQuery::from_query_pairs(&pairs, &QueryLimits::DEFAULT).unwrap()
    }

    #[test]
    fn an_id_term_narrows_a_list_to_one_group() {
        let id = |text: &str| id_term(&scim_filter::parse_filter(text).unwrap());
        assert_eq!(id(r#"id eq "7""#).as_deref(), Some("7"));
        assert_eq!(
            id(r#"id eq "7" and members[value eq "9"]"#).as_deref(),
            Some("7")
        );
        assert_eq!(id(r#"id eq "7" or displayName eq "x""#), None);
        assert_eq!(id(r#"id ne "7""#), None);
        assert_eq!(id(r#"displayName eq "7""#), None);
    }

    #[test]
    fn lists_read_members_only_when_they_are_returned() {
        assert!(returns_members(&query(&[])));
        assert!(!returns_members(&query(&[(
            "excludedAttributes",
            "members"
        )])));
        assert!(!returns_members(&query(&[(
            "excludedAttributes",
            "urn:ietf:params:scim:schemas:core:2.0:Group:members"
        )])));
        assert!(!returns_members(&query(&[("attributes", "displayName")])));
        assert!(returns_members(&query(&[("attributes", "members.value")])));
    }

    #[test]
    fn the_index_finds_a_group_by_its_tag_in_any_case() {
        let now = Utc::now();
        let index = GroupIndex(vec![Group {
            gid: "gid://shopify/Metaobject/5".into(),
            id: "5".into(),
            display_name: "Sales".into(),
            external_id: None,
            tag: Some("scim-group:Sales".into()),
            created: now,
            updated: now,
        }]);
        let found = index.lookup("SCIM-GROUP:sales").unwrap();
        assert_eq!((found.id.as_str(), found.display.as_str()), ("5", "Sales"));
        assert!(index.lookup("scim-group:Support").is_none());
    }

    #[test]
    fn a_taken_handle_is_uniqueness_and_other_errors_invalid_value() {
        let error = |message: &str, code: &str| UserError {
            field: Some(vec!["metaobject".into(), "handle".into()]),
            message: message.into(),
            code: Some(code.into()),
        };
        let scim = |err: StoreError| match err {
            StoreError::Scim(err) => err,
            other => panic!("not a SCIM error: {other}"),
        };
        let taken = scim(metaobject_errors(
            &[error("Handle has already been taken", "TAKEN")],
            "Sales",
        ));
        assert_eq!(taken.status(), 409);
        assert_eq!(taken.scim_type(), Some(scim_core::ScimType::Uniqueness));
        let blank = scim(metaobject_errors(
            &[error(
                "Display name can't be blank",
                "OBJECT_FIELD_REQUIRED",
            )],
            "",
        ));
        assert_eq!(blank.status(), 400);
        assert_eq!(blank.scim_type(), Some(scim_core::ScimType::InvalidValue));
    }
}
