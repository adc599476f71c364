//! One page of a list read through Shopify's cursors: where it starts or ends
//! ([`Position`], what a sealed RFC 9865 cursor holds), and the calls that read it
//! ([`window`]), sized by [`Sizes`], each answering a [`Chunk`].

use std::future::Future;

use scim_core::store::StoreError;

use crate::client::operations::{PageBounds, Slice};

/// Where a page starts or ends, as a sealed cursor holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Position {
    /// After the item of this Shopify cursor; from the start with `None`.
    After(Option<String>),
    /// Before the item of this Shopify cursor.
    Before(String),
}

impl Position {
    pub(super) fn encode(&self) -> Vec<u8> {
        match self {
            Position::After(None) => b"s".to_vec(),
            Position::After(Some(cursor)) => [b"a", cursor.as_bytes()].concat(),
            Position::Before(cursor) => [b"b", cursor.as_bytes()].concat(),
        }
    }

    pub(super) fn decode(bytes: &[u8]) -> Option<Position> {
        let (tag, rest) = bytes.split_first()?;
        let cursor = || {
            std::str::from_utf8(rest)
                .ok()
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
        };
        match tag {
            b's' if rest.is_empty() => Some(Position::After(None)),
            b'a' => Some(Position::After(Some(cursor()?))),
            b'b' => Some(Position::Before(cursor()?)),
            _ => None,
        }
    }
}

/// One call's answer: the items, what lies around them, and the count when the call
/// answers one.
pub(crate) struct Chunk<T> {
    /// The items, in the list's order.
    pub(crate) items: Vec<T>,
    /// What lies on either side.
    pub(crate) bounds: PageBounds,
    /// How many items the list holds, when the call answers it.
    pub(crate) total: Option<usize>,
}

/// One page read through a connection.
pub(super) struct Window<T> {
    pub(super) items: Vec<T>,
    pub(super) next: Option<Position>,
    pub(super) previous: Option<Position>,
    /// The cursor of the last item read, and how many were read: where the page ends.
    pub(super) end: Option<String>,
    pub(super) read: usize,
    pub(super) total: Option<usize>,
}

/// How a window's calls are sized: the first asks for at most `first` items, each next one
/// for twice as many, up to `max`. Shopify charges a call's requested cost (`first` times a
/// node's) before it runs, so a list whose length is not known starts small.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    /// The most items the first call asks for.
    pub(crate) first: u32,
    /// The most items any call asks for.
    pub(crate) max: u32,
}

/// Reads `count` items from `position` in calls sized by `sizes`, forwards or backwards,
/// and says what lies on either side.
pub(super) async fn window<T, F, Fut>(
    position: Position,
    count: usize,
    sizes: Sizes,
    mut fetch: F,
) -> Result<Window<T>, StoreError>
where
    F: FnMut(Slice) -> Fut,
    Fut: Future<Output = Result<Chunk<T>, StoreError>>,
{
    let mut next = sizes.first.min(sizes.max);
    let mut size = |remaining: usize| {
        let size = u32::try_from(remaining).unwrap_or(u32::MAX).min(next);
        next = next.saturating_mul(2).min(sizes.max);
        size
    };
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut remaining = count;
    let mut total = None;
    // The bounds of the chunk nearest the position, and of the one furthest from it.
    let mut near: Option<PageBounds> = None;
    let mut far: Option<PageBounds> = None;
    let backward = matches!(position, Position::Before(_));
    let from_cursor = !matches!(position, Position::After(None));
    let mut at = position;
    while remaining > 0 {
        let slice = match at {
            Position::After(after) => Slice::Forward {
                first: size(remaining),
                after,
            },
            Position::Before(before) => Slice::Backward {
                last: size(remaining),
                before,
            },
        };
        let chunk = fetch(slice).await?;
        total = total.or(chunk.total);
        remaining = remaining.saturating_sub(chunk.items.len());
        let got = !chunk.items.is_empty();
        chunks.push(chunk.items);
        let bounds = chunk.bounds;
        let onward = if backward {
            bounds
                .start_cursor
                .clone()
                .filter(|_| bounds.has_previous_page)
                .map(Position::Before)
        } else {
            bounds
                .end_cursor
                .clone()
                .filter(|_| bounds.has_next_page)
                .map(|c| Position::After(Some(c)))
        };
        near.get_or_insert_with(|| bounds.clone());
        far = Some(bounds);
        match onward {
            Some(onward) if got => at = onward,
            _ => break,
        }
    }
    if backward {
        chunks.reverse();
    }
    let items: Vec<T> = chunks.into_iter().flatten().collect();
    let read = items.len();
    // Forwards the near chunk is the first of the page; backwards, the last. Relay's
    // `pageInfo` is only sure of the side the window moves towards (`hasNextPage` with
    // `first:`, `hasPreviousPage` with `last:`); the other side is known from where the
    // window started: a cursor's own item lies there.
    let (first, last) = if backward { (far, near) } else { (near, far) };
    let end = last.as_ref().and_then(|b| b.end_cursor.clone());
    let start = first.as_ref().and_then(|b| b.start_cursor.clone());
    let next = if backward {
        // Nothing before a `before:` cursor: the page that follows is the first.
        Some(Position::After(end.clone()))
    } else {
        end.clone()
            .filter(|_| last.as_ref().is_some_and(|b| b.has_next_page))
            .map(|c| Position::After(Some(c)))
    };
    let previous = if backward {
        start.filter(|_| first.as_ref().is_some_and(|b| b.has_previous_page))
    } else {
        start.filter(|_| from_cursor)
    }
    .map(Position::Before);
    Ok(Window {
        items,
        next,
        previous,
        end,
        read,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_damage_is_refused() {
        for position in [
            Position::After(None),
            Position::After(Some("eyJsYXN0X2lkIjo2MTU3fQ==".into())),
            Position::Before("abc".into()),
        ] {
            assert_eq!(Position::decode(&position.encode()), Some(position));
        }
        for bad in [&b""[..], b"a", b"b", b"sx", b"x12", &[b'a', 0xff]] {
            assert_eq!(Position::decode(bad), None, "{bad:?}");
        }
    }
}
