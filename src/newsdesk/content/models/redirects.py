from django.db import models


class Redirect(models.Model):
    """An old address that answers 301 with a new one (changed slugs, migrated sites).

    ``old_path`` is a path, optionally with a query (``/?p=123``), exactly as matched.
    A redirect that leads to a post answers only while the post is public: an imported
    scheduled post's old links start working when it goes live, and never tell its
    address before.
    """

    old_path = models.CharField(max_length=1000, unique=True)
    new_path = models.CharField(max_length=1000)
    post = models.ForeignKey(
        "content.Post",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The post it leads to: the redirect answers only while the post is public.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path}"
