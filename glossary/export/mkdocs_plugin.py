"""An MkDocs plugin: ``plugins: [glossary]`` marks glossary terms in every page's running text.

It adds the Python-Markdown extension of :mod:`glossary.export.markdown_ext` to the site's
Markdown, so Chinese terms are found without word boundaries (我在小红书上交了猫税) and English
ones in any spelling, with pinyin and English on hover. In ``mkdocs.yml``::

    plugins:
      - glossary:
          glossary: terms.yaml      # default: the terms file the glossary command would use
          mode: first               # or all
          ruby: true
          link: glossary.html       # optional: marks link to the HTML glossary's entries

A relative ``glossary`` path is read from the folder of ``mkdocs.yml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from glossary.errors import GlossaryError
from glossary.export.markdown_ext import MODES, GlossaryExtension, load_concepts


class GlossaryConfig(Config):
    glossary = config_options.Type(str, default="")
    mode = config_options.Choice(MODES, default="first")
    ruby = config_options.Type(bool, default=True)
    link = config_options.Type(str, default="")


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Registers the glossary Markdown extension for the whole site."""

    def on_config(self, config: Any) -> Any:
        path = self.config.glossary
        if path and not Path(path).is_absolute():
            path = str(Path(config.config_file_path or ".").parent / path)
        try:
            concepts = load_concepts(path or None)
        except GlossaryError as e:  # MkDocs prints a plugin error as one line and stops the build
            raise PluginError(f"glossary: {e}") from None
        extension = GlossaryExtension(
            concepts=concepts, mode=self.config.mode, ruby=self.config.ruby, link=self.config.link
        )
        config.markdown_extensions.append(extension)
        return config
