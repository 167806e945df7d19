package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dccsim.srv.SrvCatalogue;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/** docs/srv-coverage.md and the README's SRV count are generated facts: they must match the catalogue and ../shared. */
class SrvCoverageTest {
    private static Path root() {
        return Path.of(System.getProperty("dccsim.buildRoot", "..")).toAbsolutePath().normalize();
    }

    @Test
    void coverageDoc_isTheTableTheCatalogueGenerates() throws Exception {
        Path shared = SharedData.require("reference/duis/templates").getParent().getParent().getParent();
        String generated = SrvCoverage.markdown(shared);
        assertThat(Files.readString(root().resolve("docs/srv-coverage.md")))
                .as("docs/srv-coverage.md is stale: regenerate it with ./dccsim sr list --markdown > docs/srv-coverage.md")
                .isEqualTo(generated);
    }

    @Test
    void readme_statesTheCataloguesSrvCount() throws Exception {
        assertThat(Files.readString(root().resolve("README.md")))
                .contains("**" + SrvCatalogue.standard().size() + " SRVs**");
    }

    @Test
    void everySrvVerb_sendsAnSrvOfTheCatalogue() {
        assertThat(SrvCoverage.verbs()).isNotEmpty().allSatisfy((srv, verbs) ->
                assertThat(SrvCatalogue.standard().supports(srv)).as(srv + " of " + verbs).isTrue());
        assertThat(SrvCoverage.verbs()).containsKeys("7.16", "4.8.1", "6.15.1");
    }
}
