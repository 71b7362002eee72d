import sys

from herald.cli.main import main

sys.exit(main())
