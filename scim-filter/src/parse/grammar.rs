//! The filter grammar's structure: precedence, grouping, negation and value paths
//! (RFC 7644 §3.4.2.2), over the tokens of [`super::token`].
//!
//! Recursive descent with one level per precedence (`or` < `and` < `not`/grouping); `and` and
//! `or` chains collect into one n-ary node. The same code parses full filters and the
//! bracketed value filters through the [`Node`] trait; only their terms differ.

use std::borrow::Cow;

use super::fault::{Fault, PResult, SyntaxError};
use super::token::{Operator, attr_name, attr_path, comp_value, keyword, operator, ws0};
use crate::ast::{AttrPath, CompValue, CompareOp, Filter, PatchPath, ValueFilter};
use crate::error::Expected;
use crate::limits::Limits;

/// The state of one parse: its limits and what it has spent of them.
pub(crate) struct Parser {
    limits: Limits,
    terms: usize,
    /// Units of work done (one per term, keyword test or group), for the linearity tests.
    pub(crate) steps: usize,
}

/// A tree the grammar can build: full filters and value filters.
pub(crate) trait Node<'a>: Sized {
    /// Every child holds.
    fn all(terms: Vec<Self>) -> Self;
    /// Some child holds.
    fn any(terms: Vec<Self>) -> Self;
    /// The child does not hold.
    fn negate(inner: Self) -> Self;
    /// One comparison (or, for full filters, a value path), at the start of `input`.
    fn term(parser: &mut Parser, input: &'a str, depth: usize) -> PResult<'a, Self>;
}

impl Parser {
    /// The limits in force (the depth capped at [`Limits::DEPTH_CEILING`]).
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    pub(crate) fn new(limits: &Limits) -> Self {
        let max_depth = limits.max_depth.min(Limits::DEPTH_CEILING);
        Parser {
            limits: Limits {
                max_depth,
                ..*limits
            },
            terms: 0,
            steps: 0,
        }
    }

    /// `FILTER` at the lowest precedence: terms joined by `or`.
    pub(crate) fn expression<'a, N: Node<'a>>(
        &mut self,
        input: &'a str,
        depth: usize,
    ) -> PResult<'a, N> {
        let (mut rest, first) = self.conjunction::<N>(input, depth)?;
        let mut terms = Vec::new();
        let mut last = first;
        loop {
            self.steps += 1;
            let Some(after) = keyword(ws0(rest), "or") else {
                break;
            };
            let (after_term, next) = self.conjunction::<N>(ws0(after), depth)?;
            terms.push(std::mem::replace(&mut last, next));
            rest = after_term;
        }
        if terms.is_empty() {
            return Ok((rest, last));
        }
        terms.push(last);
        Ok((rest, N::any(terms)))
    }

    /// Terms joined by `and`, which binds tighter than `or`.
    fn conjunction<'a, N: Node<'a>>(&mut self, input: &'a str, depth: usize) -> PResult<'a, N> {
        let (mut rest, first) = self.unary::<N>(input, depth)?;
        let mut terms = Vec::new();
        let mut last = first;
        loop {
            self.steps += 1;
            let Some(after) = keyword(ws0(rest), "and") else {
                break;
            };
            let (after_term, next) = self.unary::<N>(ws0(after), depth)?;
            terms.push(std::mem::replace(&mut last, next));
            rest = after_term;
        }
        if terms.is_empty() {
            return Ok((rest, last));
        }
        terms.push(last);
        Ok((rest, N::all(terms)))
    }

    /// `not (FILTER)`, `(FILTER)` or a term.
    #[inline(always)]
    fn unary<'a, N: Node<'a>>(&mut self, input: &'a str, depth: usize) -> PResult<'a, N> {
        self.steps += 1;
        if let Some(after_not) = keyword(input, "not") {
            let group = ws0(after_not);
            if group.starts_with('(') {
                let (rest, inner) = self.group::<N>(group, depth)?;
                return Ok((rest, N::negate(inner)));
            }
            // `not` may still be an attribute's name (`not pr`); if it is not one either,
            // the missing `(` is the likelier mistake.
            return N::term(self, input, depth).map_err(|err| match err {
                nom::Err::Error(_) => nom::Err::Error(SyntaxError {
                    at: group,
                    fault: Fault::Expected(Expected::OpenParen),
                }),
                other => other,
            });
        }
        if input.starts_with('(') {
            return self.group::<N>(input, depth);
        }
        N::term(self, input, depth)
    }

    /// `"(" FILTER ")"`, with `input` at the `(`.
    fn group<'a, N: Node<'a>>(&mut self, input: &'a str, depth: usize) -> PResult<'a, N> {
        let depth = self.descend(input, depth)?;
        let (rest, inner) = self.expression::<N>(ws0(&input[1..]), depth)?;
        let rest = ws0(rest);
        match rest.strip_prefix(')') {
            Some(rest) => Ok((rest, inner)),
            None => SyntaxError::error(rest, Expected::LogicalOperatorOrCloseParen),
        }
    }

    /// `"[" valFilter "]"`, with `input` at the `[`.
    fn bracket<'a>(&mut self, input: &'a str, depth: usize) -> PResult<'a, ValueFilter<'a>> {
        let depth = self.descend(input, depth)?;
        let (rest, inner) = self.expression::<ValueFilter<'a>>(ws0(&input[1..]), depth)?;
        let rest = ws0(rest);
        match rest.strip_prefix(']') {
            Some(rest) => Ok((rest, inner)),
            None => SyntaxError::error(rest, Expected::LogicalOperatorOrCloseBracket),
        }
    }

    /// One level deeper, if the limit allows it: checked before descending, so a deep input
    /// never reaches the stack.
    fn descend<'a>(
        &mut self,
        at: &'a str,
        depth: usize,
    ) -> Result<usize, nom::Err<SyntaxError<'a>>> {
        self.steps += 1;
        if depth >= self.limits.max_depth {
            return SyntaxError::failure(at, Fault::TooDeep).map(|(_, never)| never);
        }
        Ok(depth + 1)
    }

    /// Spends one term of the budget.
    fn count_term<'a>(&mut self, at: &'a str) -> Result<(), nom::Err<SyntaxError<'a>>> {
        self.steps += 1;
        self.terms += 1;
        if self.terms > self.limits.max_terms {
            return SyntaxError::failure(at, Fault::TooManyTerms).map(|(_, never)| never);
        }
        Ok(())
    }

    /// `SP "pr"` or `SP compareOp SP compValue` after an attribute path.
    #[inline(always)]
    fn operation<'a>(rest: &'a str) -> PResult<'a, Option<(CompareOp, CompValue<'a>)>> {
        let at_operator = ws0(rest);
        if at_operator.len() == rest.len() {
            return SyntaxError::error(rest, Expected::Operator);
        }
        let (after_op, op) = operator(at_operator)?;
        let op = match op {
            Operator::Present => return Ok((after_op, None)),
            Operator::Compare(op) => op,
        };
        let at_value = ws0(after_op);
        // One space is the grammar; a quote right after the operator is unambiguous.
        if at_value.len() == after_op.len() && !at_value.is_empty() && !at_value.starts_with('"') {
            return SyntaxError::error(after_op, Expected::Whitespace);
        }
        let (rest, value) = comp_value(at_value)?;
        Ok((rest, Some((op, value))))
    }

    /// `attrPath "[" valFilter "]"` with `rest` at the `[`.
    fn value_path<'a>(
        &mut self,
        path: &AttrPath<'a>,
        rest: &'a str,
        depth: usize,
    ) -> PResult<'a, ValueFilter<'a>> {
        if path.sub_attr().is_some() {
            return SyntaxError::failure(rest, Fault::SubAttributeBeforeBracket);
        }
        self.bracket(rest, depth)
    }

    /// `PATH = attrPath / valuePath [subAttr]` (RFC 7644 §3.5.2).
    pub(crate) fn patch_path<'a>(&mut self, input: &'a str) -> PResult<'a, PatchPath<'a>> {
        let (rest, path) = attr_path(input)?;
        if !rest.starts_with('[') {
            return Ok((rest, PatchPath::Attribute(path)));
        }
        let (rest, filter) = self.value_path(&path, rest, 0)?;
        let (rest, sub_attr) = match rest.strip_prefix('.') {
            Some(after_dot) => {
                let (rest, name) = attr_name(after_dot)?;
                (rest, Some(Cow::Borrowed(name)))
            }
            None => (rest, None),
        };
        Ok((
            rest,
            PatchPath::ValuePath {
                path,
                filter,
                sub_attr,
            },
        ))
    }
}

impl<'a> Node<'a> for Filter<'a> {
    fn all(terms: Vec<Self>) -> Self {
        Filter::And(terms)
    }

    fn any(terms: Vec<Self>) -> Self {
        Filter::Or(terms)
    }

    fn negate(inner: Self) -> Self {
        Filter::Not(Box::new(inner))
    }

    /// `attrExp / valuePath`.
    #[inline(always)]
    fn term(parser: &mut Parser, input: &'a str, depth: usize) -> PResult<'a, Self> {
        parser.count_term(input)?;
        let (rest, path) = attr_path(input).map_err(|e| expression_expected(input, e))?;
        if rest.starts_with('[') {
            let (rest, filter) = parser.value_path(&path, rest, depth)?;
            let filter = Box::new(filter);
            return Ok((rest, Filter::ValuePath { path, filter }));
        }
        let (rest, operation) = Parser::operation(rest)?;
        let filter = match operation {
            None => Filter::Present(path),
            Some((op, value)) => Filter::Compare { path, op, value },
        };
        Ok((rest, filter))
    }
}

impl<'a> Node<'a> for ValueFilter<'a> {
    fn all(terms: Vec<Self>) -> Self {
        ValueFilter::And(terms)
    }

    fn any(terms: Vec<Self>) -> Self {
        ValueFilter::Or(terms)
    }

    fn negate(inner: Self) -> Self {
        ValueFilter::Not(Box::new(inner))
    }

    /// `attrExp` over one sub-attribute of the element.
    #[inline(always)]
    fn term(parser: &mut Parser, input: &'a str, _depth: usize) -> PResult<'a, Self> {
        parser.count_term(input)?;
        let (rest, path) = attr_path(input).map_err(|e| expression_expected(input, e))?;
        if rest.starts_with('[') {
            return SyntaxError::failure(rest, Fault::NestedValuePath);
        }
        let Some(sub_attr) = path.into_bare_name() else {
            return SyntaxError::failure(input, Fault::QualifiedNameInValueFilter);
        };
        let (rest, operation) = Parser::operation(rest)?;
        let filter = match operation {
            None => ValueFilter::Present(sub_attr),
            Some((op, value)) => ValueFilter::Compare {
                sub_attr,
                op,
                value,
            },
        };
        Ok((rest, filter))
    }
}

/// Where a term should start but no attribute path does, the choices are wider than a path.
fn expression_expected<'a>(
    input: &'a str,
    err: nom::Err<SyntaxError<'a>>,
) -> nom::Err<SyntaxError<'a>> {
    match err {
        nom::Err::Error(_) => nom::Err::Error(SyntaxError {
            at: input,
            fault: Fault::Expected(Expected::Expression),
        }),
        other => other,
    }
}
