from tests.functional.rooms.conftest import long_tokens, room  # noqa: F401  (the room fixture)
