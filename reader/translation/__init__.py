"""Provides translations: curated English, offline machine translation (argos) and glosses."""
