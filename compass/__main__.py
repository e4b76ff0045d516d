import sys

from compass.cli import main

sys.exit(main())
