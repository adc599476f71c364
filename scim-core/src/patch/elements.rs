//! Operations on the values of a multi-valued attribute (RFC 7644 §3.5.2): adding values
//! without duplicates, selecting values with a filter, replacing or removing the selected
//! values or one sub-attribute of them, creating a value from a filter that matched none, and
//! keeping at most one value `primary` (RFC 7643 §2.4).

use std::collections::{HashMap, HashSet};

use scim_filter::{CompValue, CompareOp, Number, PatchPath, ValueFilter};
use serde_json::{Map, Value};

use super::container::{self, with_array};
use super::request::Op;
use super::selection::Matcher;
use super::target::Elements;
use super::value_index::{INDEX_ABOVE, ValueIndex};
use super::values::{self, covers, identity_key, same, same_element};
use crate::error::ScimError;
use crate::resource::get_ignore_case;
use crate::schema::{Attribute, AttributeType, Mutability, ResourceView};

/// Applies `op` to the values `selection` selects, in the attribute's `container`.
pub(super) fn apply(
    view: &ResourceView<'_>,
    op: Op,
    selection: Elements<'_, '_>,
    path: &PatchPath<'_>,
    value: Option<&Value>,
    container: &mut Map<String, Value>,
) -> Result<bool, ScimError> {
    let attribute = selection.attribute;
    let whole_path = || path.to_string();
    let had = values::needs_before(attribute) && container::has(container, &attribute.name);
    let matcher = Matcher::new(view, &selection);
    let changed = with_array(container, &attribute.name, |items| {
        let matched = matcher.select(items).map_err(|err| {
            ScimError::invalid_path(format!("`{path}`: the filter cannot be applied: {err}"))
        })?;
        match op {
            Op::Remove => remove_selected(&selection, path, value, items, &matched),
            Op::Add | Op::Replace => write_selected(
                op,
                &selection,
                path,
                value.unwrap_or(&Value::Null),
                items,
                matched,
            ),
        }
    })?;
    values::check_change(attribute, had, changed, &whole_path)?;
    if attribute.required && had && !container::has(container, &attribute.name) {
        return Err(values::required(&attribute.name));
    }
    Ok(changed)
}

/// Adds `new` values to a multi-valued attribute (RFC 7644 §3.5.2.1: "a new value is added
/// to the attribute"). A value that is already there ([`same_element`]) is not added twice;
/// what it says beyond the stored value is merged into it, so re-adding an email with
/// `primary: true` makes the stored one primary.
pub(super) fn append(
    attribute: &Attribute,
    container: &mut Map<String, Value>,
    new: Vec<Value>,
    path: &dyn Fn() -> String,
) -> Result<bool, ScimError> {
    with_array(container, &attribute.name, |items| {
        let mut index = (items.len().saturating_mul(new.len()) > INDEX_ABOVE)
            .then(|| ValueIndex::of(attribute, items));
        let mut written = Vec::new();
        for item in new {
            let found = match &index {
                Some(index) => index.find(attribute, items, &item),
                None => items
                    .iter()
                    .position(|stored| same_element(attribute, stored, &item)),
            };
            match found {
                Some(at) if attribute.attr_type == AttributeType::Complex => {
                    let given = into_members(item);
                    if with_members(&mut items[at], |stored| {
                        values::merge(attribute, stored, given, path)
                    })? {
                        written.push(at);
                    }
                }
                Some(_) => {}
                None => {
                    if let Some(index) = &mut index {
                        index.insert(attribute, &item, items.len());
                    }
                    items.push(item);
                    written.push(items.len() - 1);
                }
            }
        }
        if written.is_empty() {
            return Ok(false);
        }
        // Two given values may have merged into one stored value.
        written.sort_unstable();
        written.dedup();
        one_primary(attribute, items, &written)?;
        Ok(true)
    })
}

/// Removes the given values from an attribute (Microsoft Entra ID's member removal,
/// `{"op":"Remove","path":"members","value":[{"value":"id1"}]}`): a stored value goes if it
/// holds everything one given value says ([`covers`]), so `{"value":"id1"}` removes the
/// member `id1` whatever else is stored with it. Values not there are no-ops.
pub(super) fn remove_values(
    attribute: &Attribute,
    container: &mut Map<String, Value>,
    given: &Value,
    path: &dyn Fn() -> String,
) -> Result<bool, ScimError> {
    let Some(given) = values::prepare(attribute, given, path)? else {
        return Ok(false);
    };
    if !attribute.multi_valued {
        let held = container::get(container, &attribute.name);
        return Ok(match held {
            Some(held) if covers(attribute, held, &given) => {
                container::remove(container, &attribute.name)
            }
            _ => false,
        });
    }
    let given = match given {
        Value::Array(items) => items,
        single => vec![single],
    };
    Ok(with_array(container, &attribute.name, |items| {
        let before = items.len();
        if items.len().saturating_mul(given.len()) > INDEX_ABOVE {
            // Values given by `value` alone (the Entra ID form) are looked up by key.
            let (keyed, others): (Vec<&Value>, Vec<&Value>) = given
                .iter()
                .partition(|g| value_only(g) && identity_key(attribute, g).is_some());
            let keys: HashSet<String> = keyed
                .iter()
                .filter_map(|g| identity_key(attribute, g))
                .collect();
            items.retain(|stored| {
                let by_key = identity_key(attribute, stored).is_some_and(|k| keys.contains(&k));
                !by_key && !others.iter().any(|g| covers(attribute, stored, g))
            });
        } else {
            items.retain(|stored| !given.iter().any(|g| covers(attribute, stored, g)));
        }
        items.len() != before
    }))
}

/// Whether a given value is a bare value or an object with only `value`.
fn value_only(given: &Value) -> bool {
    match given {
        Value::Object(members) => members.len() == 1,
        _ => true,
    }
}

/// `remove` of selected values, or of a sub-attribute of them (RFC 7644 §3.5.2.2).
fn remove_selected(
    selection: &Elements<'_, '_>,
    path: &PatchPath<'_>,
    value: Option<&Value>,
    items: &mut Vec<Value>,
    matched: &[usize],
) -> Result<bool, ScimError> {
    if value.is_some() {
        return Err(ScimError::invalid_value(format!(
            "`remove` of `{path}` takes no `value`: the path says what to remove"
        )));
    }
    if matched.is_empty() {
        return Ok(false);
    }
    let Some(sub) = selection.sub else {
        remove_indices(items, matched);
        return Ok(true);
    };
    let sub_path = || path.to_string();
    let mut changed = false;
    for &at in matched {
        let Value::Object(members) = &mut items[at] else {
            continue;
        };
        let had = values::needs_before(sub) && container::has(members, &sub.name);
        let removed = container::remove(members, &sub.name);
        values::check_change(sub, had, removed, &sub_path)?;
        if sub.required && had {
            return Err(values::required(&sub_path()));
        }
        changed |= removed;
    }
    // RFC 7644 §3.5.2.2: a value left with no sub-attribute is gone.
    let emptied: Vec<usize> = matched
        .iter()
        .copied()
        .filter(|&at| !container::is_assigned(&items[at]))
        .collect();
    remove_indices(items, &emptied);
    Ok(changed)
}

/// `add` or `replace` of selected values or of a sub-attribute of them (RFC 7644
/// §3.5.2.1, §3.5.2.3); with nothing selected, a new value made from the filter.
fn write_selected(
    op: Op,
    selection: &Elements<'_, '_>,
    path: &PatchPath<'_>,
    raw: &Value,
    items: &mut Vec<Value>,
    matched: Vec<usize>,
) -> Result<bool, ScimError> {
    let attribute = selection.attribute;
    let whole_path = || path.to_string();
    if matched.is_empty() {
        if raw.is_null() {
            // A path-less `replace` with `{"emails[type eq \"work\"].value": null}`: nothing
            // to unassign.
            return Ok(false);
        }
        let element = match selection.filter {
            Some((filter, _)) => new_element(attribute, filter, selection.sub, raw, &whole_path)?,
            None => None,
        };
        let Some(element) = element else {
            return Err(no_match(selection, path));
        };
        items.push(element);
        let at = items.len() - 1;
        one_primary(attribute, items, &[at])?;
        return Ok(true);
    }
    let mut changed = false;
    match selection.sub {
        Some(sub) => {
            let new = values::prepare(sub, raw, &whole_path)?;
            for &at in &matched {
                let written = with_members(&mut items[at], |members| {
                    let had = values::needs_before(sub) && container::has(members, &sub.name);
                    let written = match &new {
                        Some(new) => container::set(members, &sub.name, new.clone()),
                        None => op == Op::Replace && container::remove(members, &sub.name),
                    };
                    values::check_change(sub, had, written, &whole_path).map(|()| written)
                })?;
                changed |= written;
            }
        }
        None => {
            let Some(given) = one_value(attribute, raw, &whole_path)? else {
                return match op {
                    Op::Add => Ok(false),
                    _ => Err(ScimError::invalid_value(format!(
                        "`{path}`: replacing values needs a value; to remove them, use `remove`"
                    ))),
                };
            };
            for &at in &matched {
                changed |= match (attribute.attr_type, op) {
                    (AttributeType::Complex, Op::Add) => {
                        let given = into_members(given.clone());
                        with_members(&mut items[at], |stored| {
                            values::merge(attribute, stored, given, &whole_path)
                        })?
                    }
                    (AttributeType::Complex, _) => {
                        keep_immutable(attribute, &items[at], &given, &whole_path)?;
                        replace(&mut items[at], &given)
                    }
                    _ => replace(&mut items[at], &given),
                };
            }
        }
    }
    if changed {
        one_primary(attribute, items, &matched)?;
        drop_duplicates(items, &matched);
    }
    Ok(changed)
}

/// The `noTarget` error of a filter that selected nothing (RFC 7644 §3.5.2.3).
fn no_match(selection: &Elements<'_, '_>, path: &PatchPath<'_>) -> ScimError {
    let name = &selection.attribute.name;
    match selection.filter {
        None => ScimError::no_target(format!(
            "`{path}` selects nothing: `{name}` has no values (RFC 7644 §3.5.2.3)"
        )),
        Some(_) if selection.attribute.attr_type != AttributeType::Complex => ScimError::no_target(
            format!("`{path}` matches no value of `{name}` (RFC 7644 §3.5.2.3)"),
        ),
        Some(_) => ScimError::no_target(format!(
            "`{path}` matches no value of `{name}` (RFC 7644 §3.5.2.3), and a new value is made only from a filter of `eq` comparisons joined by `and`"
        )),
    }
}

/// Sets `slot` to `given`; whether it changed.
fn replace(slot: &mut Value, given: &Value) -> bool {
    if slot == given {
        return false;
    }
    *slot = given.clone();
    true
}

/// The one value `raw` gives for a selected value (a value, or a one-element array).
fn one_value(
    attribute: &Attribute,
    raw: &Value,
    path: &dyn Fn() -> String,
) -> Result<Option<Value>, ScimError> {
    match values::prepare(attribute, raw, path)? {
        Some(Value::Array(mut items)) if items.len() <= 1 => Ok(items.pop()),
        Some(Value::Array(items)) => Err(ScimError::invalid_value(format!(
            "`{}` selects values to set to one value, not {}",
            path(),
            items.len()
        ))),
        other => Ok(other),
    }
}

/// A value replaced whole keeps each immutable sub-attribute it has (RFC 7644 §3.5.2).
fn keep_immutable(
    attribute: &Attribute,
    stored: &Value,
    given: &Value,
    path: &dyn Fn() -> String,
) -> Result<(), ScimError> {
    let Value::Object(stored) = stored else {
        return Ok(());
    };
    for sub in attribute
        .sub_attributes
        .iter()
        .filter(|sub| sub.mutability == Mutability::Immutable)
    {
        let Some(held) = get_ignore_case(stored, &sub.name).filter(|v| container::is_assigned(v))
        else {
            continue;
        };
        let kept = given
            .as_object()
            .and_then(|given| get_ignore_case(given, &sub.name))
            .is_some_and(|new| same(Some(sub), held, new));
        if !kept {
            return Err(values::immutable(&format!("{}.{}", path(), sub.name)));
        }
    }
    Ok(())
}

/// A value for a filtered `add` or `replace` that matched nothing (Microsoft Entra ID sends
/// `{"op":"replace","path":"emails[type eq \"work\"].value","value":"x"}` to a user without
/// a work email and expects one): the filter's `eq` comparisons give its sub-attributes, the
/// operation's value the rest. `None` when the filter does not describe a value (anything
/// but `eq` joined by `and`, a `null` literal, two different values for one sub-attribute),
/// or the attribute is not complex.
fn new_element(
    attribute: &Attribute,
    filter: &ValueFilter<'_>,
    sub: Option<&Attribute>,
    raw: &Value,
    path: &dyn Fn() -> String,
) -> Result<Option<Value>, ScimError> {
    if attribute.attr_type != AttributeType::Complex {
        return Ok(None);
    }
    if attribute.mutability == Mutability::ReadOnly {
        return Err(values::read_only(&path()));
    }
    let mut members = Map::new();
    if !equalities(attribute, filter, &mut members) {
        return Ok(None);
    }
    match (sub, raw) {
        (Some(sub), raw) => {
            members.insert(sub.name.clone(), raw.clone());
        }
        (None, Value::Object(given)) => overlay(attribute, &mut members, given),
        (None, Value::Array(given)) => match given.as_slice() {
            [Value::Object(given)] => overlay(attribute, &mut members, given),
            _ => {
                return Err(ScimError::invalid_value(format!(
                    "`{}` needs one value to create, not {} values",
                    path(),
                    given.len()
                )));
            }
        },
        (None, bare) if attribute.has_value_sub_attribute() => {
            members.insert("value".to_owned(), bare.clone());
        }
        (None, other) => {
            return Err(ScimError::invalid_value(format!(
                "`{}` must be an object, not {}",
                path(),
                crate::resource::json_kind(other)
            )));
        }
    }
    match crate::resource::normalize(
        attribute,
        Value::Array(vec![Value::Object(members)]),
        &path(),
    )? {
        Some(Value::Array(mut items)) if items.len() == 1 => Ok(items.pop()),
        _ => Ok(None),
    }
}

/// The sub-attributes of `given` over those from the filter, in the schema's spelling.
fn overlay(attribute: &Attribute, members: &mut Map<String, Value>, given: &Map<String, Value>) {
    for (key, value) in given {
        let name = attribute
            .sub_attribute(key)
            .map_or_else(|| key.clone(), |sub| sub.name.clone());
        members.insert(name, value.clone());
    }
}

/// Collects `sub eq literal` terms (alone or joined by `and`) into `members`; false when the
/// filter is anything else.
fn equalities(
    attribute: &Attribute,
    filter: &ValueFilter<'_>,
    members: &mut Map<String, Value>,
) -> bool {
    match filter {
        ValueFilter::Compare {
            sub_attr,
            op: CompareOp::Equal,
            value,
        } => {
            let literal = match value {
                CompValue::Null => return false,
                CompValue::Bool(b) => Value::Bool(*b),
                CompValue::Number(Number::Integer(i)) => Value::from(*i),
                CompValue::Number(Number::Decimal(d)) => match serde_json::Number::from_f64(*d) {
                    Some(n) => Value::Number(n),
                    None => return false,
                },
                CompValue::String(text) => Value::String(text.to_string()),
            };
            let name = attribute
                .sub_attribute(sub_attr)
                .map_or_else(|| sub_attr.to_string(), |sub| sub.name.clone());
            match members.get(&name) {
                Some(held) => *held == literal,
                None => {
                    members.insert(name, literal);
                    true
                }
            }
        }
        ValueFilter::And(terms) => terms
            .iter()
            .all(|term| equalities(attribute, term, members)),
        _ => false,
    }
}

/// RFC 7643 §2.4 and RFC 7644 §3.5.2: setting `primary` to true on one value sets it to
/// false on the others. More than one value written primary at once is `invalidValue`.
fn one_primary(
    attribute: &Attribute,
    items: &mut [Value],
    written: &[usize],
) -> Result<(), ScimError> {
    let Some(primary) = attribute
        .sub_attribute("primary")
        .filter(|_| attribute.attr_type == AttributeType::Complex)
    else {
        return Ok(());
    };
    let is_primary = |item: &Value| {
        item.as_object()
            .and_then(|members| get_ignore_case(members, &primary.name))
            == Some(&Value::Bool(true))
    };
    let mut chosen = None;
    for &at in written {
        if items.get(at).is_some_and(is_primary) {
            if chosen.is_some_and(|chosen| chosen != at) {
                return Err(ScimError::invalid_value(format!(
                    "`{}` would have more than one primary value; at most one may be (RFC 7643 §2.4)",
                    attribute.name
                )));
            }
            chosen = Some(at);
        }
    }
    let Some(chosen) = chosen else {
        return Ok(());
    };
    for (at, item) in items.iter_mut().enumerate() {
        if at != chosen
            && is_primary(item)
            && let Value::Object(members) = item
        {
            container::set(members, &primary.name, Value::Bool(false));
        }
    }
    Ok(())
}

/// After a write that may have made two values alike, drops the written ones (`written`,
/// ascending) that repeat another value: of equal values, those not written stay, else the
/// first written. Large arrays compare values by their JSON text (objects print their keys
/// in order), so this stays linear.
fn drop_duplicates(items: &mut Vec<Value>, written: &[usize]) {
    if items.len() < 2 {
        return;
    }
    let is_written = |at: usize| written.binary_search(&at).is_ok();
    let repeated: Vec<usize> = if items.len().saturating_mul(written.len()) > INDEX_ABOVE {
        let texts: Vec<String> = items
            .iter()
            .map(|item| serde_json::to_string(item).unwrap_or_default())
            .collect();
        // For each distinct value: whether a value not written has it, and the first
        // written one that does.
        let mut groups: HashMap<&str, (bool, Option<usize>)> = HashMap::new();
        for (at, text) in texts.iter().enumerate() {
            let group = groups.entry(text.as_str()).or_default();
            if !is_written(at) {
                group.0 = true;
            } else if group.1.is_none() {
                group.1 = Some(at);
            }
        }
        written
            .iter()
            .copied()
            .filter(|&at| {
                groups
                    .get(texts[at].as_str())
                    .is_some_and(|&(unwritten, first)| unwritten || first != Some(at))
            })
            .collect()
    } else {
        written
            .iter()
            .copied()
            .filter(|&at| {
                items.iter().enumerate().any(|(other, item)| {
                    other != at && *item == items[at] && (other < at || !is_written(other))
                })
            })
            .collect()
    };
    remove_indices(items, &repeated);
}

/// Removes the values at `indices` (ascending).
fn remove_indices(items: &mut Vec<Value>, indices: &[usize]) {
    if indices.is_empty() {
        return;
    }
    let mut next = indices.iter().copied().peekable();
    let mut at = 0;
    items.retain(|_| {
        let drop = next.peek() == Some(&at);
        if drop {
            next.next();
        }
        at += 1;
        !drop
    });
}

/// Runs `f` on the sub-attributes of a complex value; a bare value stored where an object
/// belongs counts as its `value` (RFC 7643 §2.4).
fn with_members<R>(element: &mut Value, f: impl FnOnce(&mut Map<String, Value>) -> R) -> R {
    match element {
        Value::Object(members) => f(members),
        other => {
            let mut members = into_members(other.take());
            let result = f(&mut members);
            *other = Value::Object(members);
            result
        }
    }
}

/// A complex value's members; a bare value is its `value`.
fn into_members(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(members) => members,
        Value::Null => Map::new(),
        bare => {
            let mut members = Map::new();
            members.insert("value".to_owned(), bare);
            members
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn remove_indices_keeps_the_others_in_order() {
        let mut items = vec![json!(0), json!(1), json!(2), json!(3)];
        remove_indices(&mut items, &[0, 2]);
        assert_eq!(items, vec![json!(1), json!(3)]);
        remove_indices(&mut items, &[]);
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn large_arrays_drop_written_duplicates_like_small_ones() {
        let mut small = vec![
            json!({"v": 1}),
            json!({"v": 2}),
            json!({"v": 1}),
            json!({"v": 2}),
        ];
        let mut large = small.clone();
        large.extend((0..INDEX_ABOVE).map(|n| json!({"n": n})));
        drop_duplicates(&mut small, &[1, 2, 3]);
        drop_duplicates(&mut large, &[1, 2, 3]);
        assert_eq!(small, vec![json!({"v": 1}), json!({"v": 2})]);
        assert_eq!(large[..2], small[..]);
        assert_eq!(large.len(), 2 + INDEX_ABOVE);
    }

    #[test]
    fn written_duplicates_are_dropped_and_the_first_kept() {
        let mut items = vec![json!({"v": 1}), json!({"v": 2}), json!({"v": 1})];
        drop_duplicates(&mut items, &[2]);
        assert_eq!(items, vec![json!({"v": 1}), json!({"v": 2})]);
        let mut items = vec![json!({"v": 1}), json!({"v": 1})];
        drop_duplicates(&mut items, &[0, 1]);
        assert_eq!(items, vec![json!({"v": 1})]);
    }

    #[test]
    fn a_bare_value_where_an_object_belongs_is_its_value() {
        let mut element = json!("2819c223");
        with_members(&mut element, |members| {
            members.insert("type".into(), json!("User"));
        });
        assert_eq!(element, json!({"value": "2819c223", "type": "User"}));
    }
}
