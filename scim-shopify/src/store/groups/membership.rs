//! Moving a group's membership tags: one member's tag added or removed, a member moved from
//! one group tag to another in one request, and the tag changes of a member diff. Merchant
//! tags are never touched.

use scim_core::store::StoreError;

use super::Groups;
use crate::client::operations::{
    GroupTagRecase, GroupTagSwap, TagSwapVariables, TagsAdd, TagsRemove, TagsVariables,
};
use crate::mapping::{MemberDiff, TagStep, customer_gid};
use crate::store::errors;

impl Groups<'_> {
    /// Adds (`add`) or removes the tag `tag` of the customer `id`.
    pub(super) async fn change_tag(
        &self,
        id: &str,
        tag: &str,
        add: bool,
    ) -> Result<(), StoreError> {
        let variables = TagsVariables {
            id: customer_gid(id).unwrap_or_default(),
            tags: vec![tag.to_owned()],
        };
        let errors = if add {
            let answer = self.shop.client.execute::<TagsAdd>(&variables).await;
            answer
                .map_err(|e| errors::backend("adding a group tag", e))?
                .data
                .tags_add
                .user_errors
        } else {
            let answer = self.shop.client.execute::<TagsRemove>(&variables).await;
            answer
                .map_err(|e| errors::backend("removing a group tag", e))?
                .data
                .tags_remove
                .user_errors
        };
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors::user_errors(&errors))
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
            self.shop.client.execute::<GroupTagRecase>(&variables).await
        } else {
            self.shop.client.execute::<GroupTagSwap>(&variables).await
        }
        .map_err(|e| errors::backend("renaming a group tag", e))?;
        let errors = answer.data.user_errors();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors::user_errors(&errors))
        }
    }

    /// The tag changes of a member diff: `kept` members follow the rename `steps` (one
    /// request each), `added` ones get `join`, `removed` ones lose `leave`.
    pub(super) async fn move_members(
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
}
