//! Which values of a multi-valued attribute a PATCH path's value filter selects
//! (RFC 7644 §3.5.2, `emails[type eq "work"]`): all of them without a filter, `sub eq "text"`
//! compared directly (the common case), or any filter through the evaluator with the
//! resource type's characteristics.

use scim_filter::{AttrPath, CompValue, CompareOp, ValueFilter, matches_value_filter};
use serde_json::Value;

use super::target::Elements;
use super::values;
use crate::resource::get_ignore_case;
use crate::schema::{Attribute, AttributeType, ResourceView};

/// How values are selected: all of them, `sub eq "text"` compared directly (the common
/// case: `type eq "work"`, `value eq "2819c223"`), or any filter through the evaluator.
pub(super) enum Matcher<'a, 'v> {
    All,
    Equal {
        sub: &'v Attribute,
        text: &'a str,
        general: General<'a, 'v>,
    },
    Filter(General<'a, 'v>),
}

/// A filter evaluated by `scim_filter` with the resource type's characteristics.
pub(super) struct General<'a, 'v> {
    filter: &'a ValueFilter<'static>,
    parent: &'a AttrPath<'static>,
    view: &'a ResourceView<'v>,
}

impl General<'_, '_> {
    fn matches(&self, item: &Value) -> Result<bool, scim_filter::EvalError> {
        matches_value_filter(self.filter, self.parent, item, self.view)
    }
}

impl<'a, 'v> Matcher<'a, 'v> {
    pub(super) fn new(view: &'a ResourceView<'v>, selection: &Elements<'v, 'a>) -> Self {
        let Some((filter, parent)) = selection.filter else {
            return Matcher::All;
        };
        let general = General {
            filter,
            parent,
            view,
        };
        if let ValueFilter::Compare {
            sub_attr,
            op: CompareOp::Equal,
            value: CompValue::String(text),
        } = filter
            && selection.attribute.attr_type == AttributeType::Complex
            && let Some(sub) = selection.attribute.sub_attribute(sub_attr)
            && matches!(
                sub.attr_type,
                AttributeType::String | AttributeType::Reference
            )
        {
            return Matcher::Equal { sub, text, general };
        }
        Matcher::Filter(general)
    }

    /// The indices of the selected values, ascending.
    pub(super) fn select(&self, items: &[Value]) -> Result<Vec<usize>, scim_filter::EvalError> {
        let mut selected = Vec::new();
        for (at, item) in items.iter().enumerate() {
            if self.matches(item)? {
                selected.push(at);
            }
        }
        Ok(selected)
    }

    pub(super) fn matches(&self, item: &Value) -> Result<bool, scim_filter::EvalError> {
        match self {
            Matcher::All => Ok(true),
            Matcher::Equal { sub, text, general } => {
                let held = match item {
                    Value::Object(members) => get_ignore_case(members, &sub.name),
                    _ => return general.matches(item),
                };
                match held {
                    None => Ok(false),
                    Some(Value::String(held)) if sub.case_exact => Ok(held == text),
                    Some(Value::String(held)) => Ok(values::eq_ignore_case(held, text)),
                    Some(_) => general.matches(item),
                }
            }
            Matcher::Filter(general) => general.matches(item),
        }
    }
}
