"""Benchmark baseline: a bare one-file Streamlit page drawing one Plotly line chart of 25 points."""
import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Scatter(x=list(range(25)), y=[i * i for i in range(25)], mode="lines")))
