"""Server entry (`streamlit run serve.py`): serves streamlit_app.py and warms the default page's data at start-up."""
import streamlit as st

from dashboard.warm_up import lifespan

app = st.App("streamlit_app.py", lifespan=lifespan)
