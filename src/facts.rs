//! Facts: sentences, relations between entities, and quantities (placeholder,
//! being written).
