//! Pages of a list by `first`/`after` or `last`/`before`, Shopify's cursors (`{"last_id": N}`
//! in hex), and the connection that answers a page.

use apollo_compiler::executable::Field;

use crate::graphql::arguments::{Variables, argument};
use crate::graphql::resolved::{Object, Resolved};

/// How a list is ordered, for resuming after a cursor whose item has left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdOrder {
    /// By id, smallest first.
    Ascending,
    /// By id, largest first.
    Descending,
    /// By something else (a name, a date): a missing cursor item starts from the edge.
    Other,
}

impl IdOrder {
    /// Ascending, or descending when `reverse`d.
    pub fn by_id(reverse: bool) -> Self {
        if reverse {
            IdOrder::Descending
        } else {
            IdOrder::Ascending
        }
    }
}

/// The cursor of the item `id`: `{"last_id":N}` in hex, as Shopify's.
fn cursor(id: u64) -> String {
    let raw = format!("{{\"last_id\":{id}}}");
    raw.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The item id a cursor names.
fn cursor_id(cursor: &str) -> Option<u64> {
    let bytes: Option<Vec<u8>> = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(cursor.get(i..i + 2)?, 16).ok())
        .collect();
    let text = String::from_utf8(bytes?).ok()?;
    text.strip_prefix("{\"last_id\":")?
        .strip_suffix('}')?
        .parse()
        .ok()
}

/// One page of a list: its items with their cursors, and whether the list goes on.
pub(crate) struct Page<T> {
    items: Vec<(T, String)>,
    has_next: bool,
    has_previous: bool,
}

impl<T> Page<T> {
    /// The connection answering the page, each item made an object by `object`.
    pub fn connection(self, mut object: impl FnMut(T) -> Object) -> Resolved {
        let items: Vec<(Object, String)> = self
            .items
            .into_iter()
            .map(|(item, cursor)| (object(item), cursor))
            .collect();
        let page_info = Object::PageInfo {
            has_next: self.has_next,
            has_previous: self.has_previous,
            start: items.first().map(|(_, c)| c.clone()),
            end: items.last().map(|(_, c)| c.clone()),
        };
        Resolved::Object(Object::Connection(items, Box::new(page_info)))
    }
}

/// The page of `items` that the connection `field` asks for by `first`/`after` (or
/// `last`/`before`). A cursor names the item it was taken from (by `id`); when that item has
/// left the list (deleted, or no longer matching the search), a list in id `order` resumes
/// where that id would be, as Shopify's cursors (`{"last_id": …}`) do.
pub(crate) fn page<T>(
    items: Vec<T>,
    field: &Field,
    variables: &Variables,
    order: IdOrder,
    id: impl Fn(&T) -> u64,
) -> Result<Page<T>, String> {
    let number = |name: &str| argument(field, name, variables).and_then(|v| v.as_u64());
    let (first, last) = (number("first"), number("last"));
    if first.is_none() && last.is_none() {
        return Err("you must provide one of first or last".to_owned());
    }
    // Where the item a cursor names is (`Ok`), or would be (`Err`: the position of the
    // first item past it in the list's order).
    let locate = |name: &str| {
        let named =
            argument(field, name, variables).and_then(|v| v.as_str().and_then(cursor_id))?;
        Some(match items.iter().position(|i| id(i) == named) {
            Some(p) => Ok(p),
            None => Err(match order {
                IdOrder::Ascending => items.partition_point(|i| id(i) < named),
                IdOrder::Descending => items.partition_point(|i| id(i) > named),
                IdOrder::Other => return None,
            }),
        })
    };
    let start = match locate("after") {
        Some(Ok(p)) => p + 1,
        Some(Err(p)) => p,
        None => 0,
    };
    let end = match locate("before") {
        Some(Ok(p) | Err(p)) => p,
        None => items.len(),
    }
    .max(start);
    let (from, to) = match (first, last) {
        (Some(first), _) => (start, end.min(start + first as usize)),
        (None, Some(last)) => (end.saturating_sub(last as usize).max(start), end),
        (None, None) => (start, end),
    };
    let has_previous = from > 0;
    let has_next = to < items.len();
    let items = items
        .into_iter()
        .skip(from)
        .take(to - from)
        .map(|item| {
            let cursor = cursor(id(&item));
            (item, cursor)
        })
        .collect();
    Ok(Page {
        items,
        has_next,
        has_previous,
    })
}
