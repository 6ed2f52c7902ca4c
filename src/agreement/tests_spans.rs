//! Span measures on hand-computed examples.
