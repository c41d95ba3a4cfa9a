"""Reading the app's answers in tests: a help answer as JSON, the embed page as a Page."""
from .page import Page


def help_for(client, **params) -> dict:
    """GET /v1/help with `params`; it must answer 200."""
    response = client.get("/v1/help", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def page_for(client, query: str, status: int = 200, **headers):
    """GET /embed/help?`query`: the response (with the status expected) and its Page."""
    response = client.get(f"/embed/help?{query}", headers=headers)
    assert response.status_code == status, response.data[:300]
    return response, Page(response.get_data(as_text=True))
