"""Where Trending keeps its counts: ``database`` (default) or ``redis``."""
