/**
 * JSON values between the contracts (google.protobuf.Value and Struct fields) and the plain Java
 * values (String, Double, Boolean, List, Map) that domain records and stores hold, with one rule
 * for JSON null.
 */
package io.crowsnest.platform.json;
