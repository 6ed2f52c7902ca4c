//! Claim measures.
