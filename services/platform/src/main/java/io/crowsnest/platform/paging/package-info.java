/** Paging plumbing shared by every list RPC: page sizes and keyset page tokens bound to their filter. */
package io.crowsnest.platform.paging;
