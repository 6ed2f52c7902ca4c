//! Native tests of the session: intents in, state and effects out.
