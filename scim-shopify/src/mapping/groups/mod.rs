//! SCIM Groups (RFC 7643 §4.2) in Shopify, without I/O: each group is a metaobject of the
//! app's type ([`entry`]), with a handle that follows its tag ([`handle`]); membership is a
//! customer tag ([`tags`]); a write changes the members a Group names ([`members`]).

mod entry;
mod handle;
mod members;
mod tags;

pub use entry::{DISPLAY_NAME_FIELD, EXTERNAL_ID_FIELD, GROUP_TYPE};
pub(crate) use entry::{
    Group, GroupEntry, GroupNames, METAOBJECT_GID_PREFIX, Member, group_from, group_names,
    group_stored,
};
pub use handle::group_handle;
pub(crate) use members::not_a_user;
pub use members::{MemberDiff, member_ids, mentioned_ids};
pub use tags::{
    TagStep, group_delete_plan, group_rename_plan, group_tag, is_group_tag, members_query,
};
