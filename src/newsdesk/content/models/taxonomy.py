from django.db import models

from newsdesk.content.models.addresses import address


class Tag(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    post_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return address("tag_archive", slug=self.slug)


class Category(models.Model):
    """A node of the category tree; ``path`` ("world/middle-east") is its URL."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=600, unique=True, editable=False)
    description = models.TextField(blank=True)
    post_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"], name="category_slug_unique_in_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return address("category_archive", path=self.path)

    def computed_path(self) -> str:
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def ancestors(self) -> list["Category"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


class Series(models.Model):
    """An ordered run of posts ("Part 2 of 3")."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("series_archive", slug=self.slug)
