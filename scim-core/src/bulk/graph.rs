//! The dependency graph of a bulk request: nodes are steps, `deps[v]` the nodes `v` must
//! follow. Cycles are found as strongly connected components (Tarjan), the order is a
//! topological sort that keeps the request's order where the dependencies allow (RFC 7644
//! §3.7: an optimised order must keep "the client's intent").
//!
//! Everything here is iterative, so that no request can exhaust the call stack.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

/// The strongly connected components of the graph, each sorted, in the reverse topological
/// order Tarjan's algorithm finds them. Edges to nodes outside the graph are ignored.
pub(super) fn strongly_connected(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = deps.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0;
    // The explicit call stack: (node, position of the next edge to follow).
    let mut calls: Vec<(usize, usize)> = Vec::new();

    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        calls.push((root, 0));

        while let Some(top) = calls.last_mut() {
            let (v, position) = *top;
            if let Some(&w) = deps[v].get(position) {
                top.1 += 1;
                if w >= n {
                    continue;
                }
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// Whether a component holds a cycle: more than one node, or one that depends on itself.
pub(super) fn is_cyclic(component: &[usize], deps: &[Vec<usize>]) -> bool {
    match component {
        [] => false,
        [only] => deps.get(*only).is_some_and(|d| d.contains(only)),
        _ => true,
    }
}

/// A shortest cycle through `start` that stays within `component` (sorted): the nodes in
/// dependency order, `start` first; following the last one leads back to `start`. Empty if
/// there is none.
pub(super) fn shortest_cycle(start: usize, component: &[usize], deps: &[Vec<usize>]) -> Vec<usize> {
    let inside = |v: usize| component.binary_search(&v).is_ok();
    let mut came_from: HashMap<usize, usize> = HashMap::new(); // node -> its predecessor
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in deps.get(v).into_iter().flatten() {
            if w == start {
                let mut cycle = vec![v];
                let mut at = v;
                while at != start {
                    let Some(&before) = came_from.get(&at) else {
                        return Vec::new();
                    };
                    cycle.push(before);
                    at = before;
                }
                // `cycle` runs back from `v` to `start`.
                cycle.reverse();
                return cycle;
            }
            if inside(w) && !came_from.contains_key(&w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    Vec::new()
}

/// A topological order of the nodes: every node after all it depends on, and among the
/// nodes that are ready, the one with the smallest key first. Nodes on a cycle (and those
/// that depend on them) are left out.
pub(super) fn stable_order<K: Ord + Copy>(keys: &[K], deps: &[Vec<usize>]) -> Vec<usize> {
    let n = keys.len().min(deps.len());
    let mut waiting_on = vec![0usize; n];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (v, dep_list) in deps.iter().enumerate().take(n) {
        for &w in dep_list {
            if w < n {
                waiting_on[v] += 1;
                dependents[w].push(v);
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<(K, usize)>> = (0..n)
        .filter(|&v| waiting_on[v] == 0)
        .map(|v| Reverse((keys[v], v)))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse((_, v))) = ready.pop() {
        order.push(v);
        for &u in &dependents[v] {
            waiting_on[u] -= 1;
            if waiting_on[u] == 0 {
                ready.push(Reverse((keys[u], u)));
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cyclic_components(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
        let mut found: Vec<_> = strongly_connected(deps)
            .into_iter()
            .filter(|c| is_cyclic(c, deps))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn rfc7644_s3_7_1_cycles_of_length_one_two_and_three() {
        // 0 -> 0; 1 <-> 2; 3 -> 4 -> 5 -> 3; 6 -> 1 (depends on a cycle, is not on one).
        let deps = vec![
            vec![0],
            vec![2],
            vec![1],
            vec![4],
            vec![5],
            vec![3],
            vec![1],
        ];
        assert_eq!(
            cyclic_components(&deps),
            vec![vec![0], vec![1, 2], vec![3, 4, 5]]
        );
        assert_eq!(shortest_cycle(0, &[0], &deps), vec![0]);
        assert_eq!(shortest_cycle(2, &[1, 2], &deps), vec![2, 1]);
        assert_eq!(shortest_cycle(4, &[3, 4, 5], &deps), vec![4, 5, 3]);
        assert!(shortest_cycle(6, &[6], &deps).is_empty());
    }

    #[test]
    fn rfc7644_s3_7_order_keeps_request_order_where_it_can() {
        // 0 depends on 2; 1 is free; 2 is free; 3 depends on 0.
        let deps = vec![vec![2], vec![], vec![], vec![0]];
        assert_eq!(stable_order(&[0, 1, 2, 3], &deps), vec![1, 2, 0, 3]);
        // Nothing depends on anything: request order.
        let free = vec![vec![]; 4];
        assert_eq!(stable_order(&[0, 1, 2, 3], &free), vec![0, 1, 2, 3]);
        // A cycle is left out, with what depends on it.
        let cycle = vec![vec![1], vec![0], vec![], vec![1]];
        assert_eq!(stable_order(&[0, 1, 2, 3], &cycle), vec![2]);
    }

    #[test]
    fn long_chains_do_not_exhaust_the_stack() {
        let n = 200_000;
        let deps: Vec<Vec<usize>> = (0..n).map(|v| vec![(v + 1) % n]).collect();
        let components = strongly_connected(&deps);
        assert_eq!(components.len(), 1);
        assert_eq!(components[0].len(), n);
        let chain: Vec<Vec<usize>> = (0..n)
            .map(|v| if v + 1 < n { vec![v + 1] } else { vec![] })
            .collect();
        let keys: Vec<usize> = (0..n).collect();
        let order = stable_order(&keys, &chain);
        assert_eq!(order.first(), Some(&(n - 1)));
        assert_eq!(order.last(), Some(&0));
        assert_eq!(strongly_connected(&chain).len(), n);
    }
}
