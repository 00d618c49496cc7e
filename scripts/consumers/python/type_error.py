"""Must FAIL `mypy --strict` with exactly two errors (scripts/test-packages.sh checks that it does):
proves that the type checker sees the installed package's real signatures, not `Any`."""
import megacrypt

key = megacrypt.FileKey.from_b64(42)  # [arg-type]: a str is expected
n: str = megacrypt.preferred_feed_length()  # [assignment]: returns an int
