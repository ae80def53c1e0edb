"""Provides the text pipeline: cleaning, script conversion, sentences, segmentation and analysis."""
