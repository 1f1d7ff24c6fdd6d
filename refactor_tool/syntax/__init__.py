"""What every feature reads out of Python source: statement facts, module names, LibCST helpers, the source reader."""
