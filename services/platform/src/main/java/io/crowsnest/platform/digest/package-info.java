/** Content digests (SHA-256, hex) shared by every service: fingerprints, derived keys. */
package io.crowsnest.platform.digest;
