"""nbgrader in the students' image: /etc/jupyter/nbgrader_config.py (deploy/z2jh/Dockerfile).

NOT TESTED HERE / CHƯA ĐƯỢC KIỂM THỬ Ở ĐÂY. Guide: docs/jupyterhub-kubernetes.md.
"""

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "image-gradients"

# The exchange: a ReadWriteMany volume that every user pod mounts here (deploy/z2jh/values.yaml,
# singleuser.storage.extraVolumes). Its root must exist and be writable by uid 1000.
c.Exchange.root = "/srv/nbgrader/exchange"

# With ngshare instead of the volume, add ngshare_exchange to the image and replace the line above with
# the lines ngshare's Helm chart prints when installed (its URL follows your release and namespace):
# from ngshare_exchange import configureExchange
# configureExchange(c, "http://ngshare.image-gradients.svc.cluster.local:8080/services/ngshare")
