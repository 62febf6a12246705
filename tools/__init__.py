"""Developer tooling that is not part of the product or of CI (see `make mutation`)."""
