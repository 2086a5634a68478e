package lurch.isolation.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {

    @Test
    void decodesTheKernelsOctalEscapes() {
        assertEquals("/home/a b/c\td\\e", MountTable.decode("/home/a\\040b/c\\011d\\134e"));
        assertEquals("/plain", MountTable.decode("/plain"));
    }

    @Test
    void findsProcUnderRootAndNothingUnderAFreshPath() throws Exception {
        assertTrue(MountTable.mountsUnder(Path.of("/")).contains(Path.of("/proc")));
        assertTrue(MountTable.mountsUnder(Path.of("/no/such/dir")).isEmpty());
    }
}
