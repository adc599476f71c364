//! The Groups' delete path (RFC 7644 §3.6): the tag off every member the search finds,
//! then `metaobjectDelete`.

use scim_core::resource::Version;
use scim_core::store::StoreError;

use super::Groups;
use crate::client::operations::{MetaobjectDelete, MetaobjectIdVariables};
use crate::mapping::group_stored;
use crate::store::errors;
use crate::store::shop::{check_version, not_found};

impl Groups<'_> {
    /// DELETE /Groups/{id} (RFC 7644 §3.6): the tag off every member, then the metaobject.
    pub(crate) async fn delete(
        &self,
        id: &str,
        expected: Option<&Version>,
    ) -> Result<(), StoreError> {
        let group = self.read_group(id).await?;
        check_version(&group_stored(&group, None), expected)?;
        if let Some(tag) = &group.tag {
            for member in self.search_members(tag).await? {
                self.change_tag(&member.id, tag, false).await?;
            }
        }
        let answer = self
            .shop
            .client
            .execute::<MetaobjectDelete>(&MetaobjectIdVariables {
                id: group.gid.clone(),
            })
            .await
            .map_err(|e| errors::backend("deleting a group", e))?;
        let payload = answer.data.metaobject_delete;
        self.cache_put(&group.gid, None);
        if payload.deleted_id.is_none() {
            return Err(not_found(id).into());
        }
        Ok(())
    }
}
