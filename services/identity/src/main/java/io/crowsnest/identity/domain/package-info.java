/** The rules of the service, free of framework, protobuf and store types. */
package io.crowsnest.identity.domain;
