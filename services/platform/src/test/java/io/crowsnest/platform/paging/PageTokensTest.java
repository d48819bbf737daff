package io.crowsnest.platform.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.RequestChecks;

class PageTokensTest {

    @Test
    void aTokenStartsTheNextPageAfterTheLastKeyUnderTheSameFilter() {
        RequestChecks checks = new RequestChecks();
        PageTokens.Page first = PageTokens.read(PageRequest.newBuilder().setPageSize(2).build(), "division=retail",
                "page", checks);
        assertTrue(first.first());
        String token = PageTokens.next(first, 2, "2026-12-01T10:00:00Z|e-17", "division=retail");
        PageTokens.Page second = PageTokens.read(PageRequest.newBuilder().setPageSize(2).setPageToken(token).build(),
                "division=retail", "page", checks);
        assertEquals("2026-12-01T10:00:00Z|e-17", second.after());
        assertTrue(checks.isEmpty());
    }

    @Test
    void aPageThatWasNotFullHasNoNextToken() {
        PageTokens.Page page = new PageTokens.Page("", 50);
        assertEquals("", PageTokens.next(page, 49, "x", "f"));
    }

    @Test
    void aTokenReplayedWithAnotherFilterIsRefused() {
        String token = PageTokens.issue("division=retail", "k-9");
        RequestChecks checks = new RequestChecks();
        PageTokens.Page page = PageTokens.read(0, token, "division=bank", "page", checks);
        assertTrue(page.first());
        assertEquals("page.page_token", checks.violations().get(0).field());
    }

    @Test
    void garbageTokensAndBadSizesAreRefused() {
        RequestChecks checks = new RequestChecks();
        PageTokens.Page page = PageTokens.read(501, "%%%not-base64", "f", "page", checks);
        assertEquals(PageTokens.MAX_SIZE, page.size());
        assertEquals(2, checks.violations().size());
        assertEquals("page.page_size", checks.violations().get(0).field());
        assertEquals("page.page_token", checks.violations().get(1).field());
    }

    @Test
    void zeroMeansTheDefaultSize() {
        assertEquals(PageTokens.DEFAULT_SIZE, PageTokens.read(0, "", "f", "page", new RequestChecks()).size());
    }

    @Test
    void aNumericKeyIsReadBackAndANumberOutOfRangeOrNoNumberIsRefused() {
        RequestChecks checks = new RequestChecks();
        PageTokens.Page page = PageTokens.read(0, PageTokens.issue("f", "120"), "f", "page", checks);
        assertEquals(120, PageTokens.number(page, 0, 1, Integer.MAX_VALUE, "page", checks));
        assertEquals(7, PageTokens.number(new PageTokens.Page("", 50), 7, 1, 100, "page", checks));
        assertTrue(checks.isEmpty());

        for (String key : List.of("0", "3000000000", "k-9")) {
            RequestChecks refused = new RequestChecks();
            PageTokens.Page foreign = PageTokens.read(0, PageTokens.issue("f", key), "f", "page", refused);
            assertEquals(0, PageTokens.number(foreign, 0, 1, Integer.MAX_VALUE, "page", refused), key);
            assertEquals("page.page_token", refused.violations().get(0).field(), key);
            assertEquals("PAGE_TOKEN_INVALID", GrpcErrors.reason(refused.toException()), key);
        }
    }
}
