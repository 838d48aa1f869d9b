"""The command line's safety net: whatever goes wrong is one line on standard error and exit
code 1, never a traceback. A traceback would show a citizen's data (a value in a local
variable, a cell in an exception's message) to whoever watches the terminal or its log, so
what nothing more specific caught is reported by its type only.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from borgerdesk.config import Settings
from borgerdesk.console import error
from store import BorgerdeskError
from store.i18n import _

INTERRUPTED = 130


def run_reported(handler: Callable[[Settings, argparse.Namespace], int], settings: Settings,
                 args: argparse.Namespace, *, needs_data: bool) -> int:
    """Run a command's handler; its exit code, or 1 with one line saying what went wrong."""
    try:
        if needs_data:
            _check_data_folder(settings.data_dir)
        return handler(settings, args)
    except BorgerdeskError as problem:
        error(str(problem))
    except KeyboardInterrupt:
        error(_("interrupted"))
        return INTERRUPTED
    except OSError as problem:
        error(_("{file}: {reason}").format(
            file=problem.filename or settings.data_dir,
            reason=problem.strerror or type(problem).__name__))
    except json.JSONDecodeError:
        error(_("a data file in {path} is damaged; borgerdesk check names it").format(
            path=settings.data_dir))
    except Exception as problem:
        error(_("unexpected {kind} (data folder {path}); details are not shown, as they "
                "could hold personal data").format(kind=type(problem).__name__,
                                                   path=settings.data_dir))
    return 1


def _check_data_folder(data_dir: Path) -> None:
    if data_dir.exists() and not data_dir.is_dir():
        raise BorgerdeskError(_("{path} is not a folder (--data, $BORGERDESK_DATA)").format(
            path=data_dir))
