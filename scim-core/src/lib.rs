//! SCIM 2.0 resources, schemas, PATCH and the protocol service: not built yet (see the project issues).
