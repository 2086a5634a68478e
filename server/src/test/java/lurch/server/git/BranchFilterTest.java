package lurch.server.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BranchFilterTest {

    @Test
    void noPatternsTakeEveryBranch() {
        assertTrue(BranchFilter.parse(null).matches("anything/at/all"));
        assertTrue(BranchFilter.parse("  ").matches("main"));
    }

    @Test
    void oneStarStaysInsideASegmentTwoStarsCrossThem() {
        BranchFilter filter = BranchFilter.parse("main, release/*,feature/**");
        assertTrue(filter.matches("main"));
        assertFalse(filter.matches("main2"));
        assertTrue(filter.matches("release/1.0"));
        assertFalse(filter.matches("release/1.0/hotfix"));
        assertFalse(filter.matches("release"));
        assertTrue(filter.matches("feature/a/b/c"));
        assertFalse(filter.matches("features/a"));
    }

    @Test
    void otherCharactersStandForThemselves() {
        BranchFilter filter = BranchFilter.parse("v1.*,a+b");
        assertTrue(filter.matches("v1.x"));
        assertFalse(filter.matches("v1x"), "the dot is not a regex wildcard");
        assertTrue(filter.matches("a+b"));
        assertFalse(filter.matches("aab"));
    }

    @Test
    void badPatternsAreNamed() {
        assertEquals("an empty pattern in 'main,': separate globs by single commas",
                assertThrows(IllegalArgumentException.class, () -> BranchFilter.parse("main,")).getMessage());
        assertEquals("pattern 'a\tb' has blanks or control characters, which no branch name has",
                assertThrows(IllegalArgumentException.class, () -> BranchFilter.parse("a\tb")).getMessage());
    }
}
